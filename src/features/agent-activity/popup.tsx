import type { PopupFeature } from "../../../popup/panel.ts";
import { send } from "../../../popup/use-agent-view.ts";
import { ActivityPanel } from "./popup-activity-panel.tsx";

/** The agent's TaskRouter activity, and setting it (Available after a miss, or any other). */
export const activityInPopup: PopupFeature = {
  name: "activity",
  Panel: ({ view, busy, act }) => (
    <ActivityPanel
      view={view}
      busy={busy}
      onSetAvailable={() => act(() => send({ type: "set-available" }))}
      onSetActivity={(sid) => act(() => send({ type: "set-activity", activitySid: sid }))}
    />
  ),
};
