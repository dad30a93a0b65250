import type { PopupFeature } from "../../../popup/panel.ts";
import { ConnectionPanel } from "./popup-connection-panel.tsx";

/** The popup's words for the connection, with the same fixing action as the chip on Flex. */
export const connectionInPopup: PopupFeature = {
  name: "connection",
  Panel: ({ view, nowMs, fix }) => (
    <ConnectionPanel
      connection={view.connection}
      transferGuard={view.transferGuard}
      nowMs={nowMs}
      onFix={fix}
    />
  ),
};
