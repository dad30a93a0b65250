import type { PopupFeature } from "../../../popup/panel.ts";
import { send } from "../../../popup/use-agent-view.ts";
import { DraftsPanel } from "./popup-drafts-panel.tsx";

/** Unsaved Hunkware edits kept from a screen-pop that navigated their tab away. */
export const draftsInPopup: PopupFeature = {
  name: "drafts",
  Panel: ({ view, act }) => (
    <DraftsPanel
      drafts={view.keptDrafts}
      onDismiss={(draftId) => act(() => send({ type: "dismiss-draft", draftId }))}
    />
  ),
};
