import type { PopupFeature } from "../../../popup/panel.ts";
import type { AgentView } from "../../protocol/messages.ts";

/** An update Chrome has downloaded, applied between calls: the agent knows why HunkBridge restarts. */
export function UpdateNotice({ update }: { update: AgentView["update"] }) {
  if (!update) return null;
  const when =
    update.waitingFor === null ? "It is being applied now." : `It is applied after ${update.waitingFor}.`;
  return (
    <p class="notice" role="status" data-testid="hb-update" data-waiting-for={update.waitingFor ?? ""}>
      HunkBridge {update.version} is ready. {when} Flex and Hunkware stay as they are.
    </p>
  );
}

export const updateInPopup: PopupFeature = {
  name: "update",
  Panel: ({ view }) => <UpdateNotice update={view.update} />,
};
