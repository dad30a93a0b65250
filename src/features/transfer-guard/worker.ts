/**
 * The transfer guard's state in the view: each Flex tab's overlays say whether HunkBridge's
 * listeners on Flex's Actions still answer there (actions-link.ts's heartbeat). One tab whose
 * listeners stopped answering makes it "off" for the popup as well as the chip in that tab: the
 * agent, and whoever looks at their popup, must know the guard in Flex is gone. Short of that, one
 * tab whose answers can't be proven until Flex reloads makes it "unproven".
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import type { AgentView } from "../../protocol/messages.ts";

export function startTransferGuardHealth(core: WorkerCore): WorkerPart {
  /** By tab id: the last health each Flex tab reported ("starting" tabs are not counted yet). */
  const tabs = new Map<number, NonNullable<AgentView["transferGuard"]>>();
  const viewOf = (): Pick<AgentView, "transferGuard"> => {
    const states = new Set(tabs.values());
    const worst = (["off", "unproven", "on"] as const).find((state) => states.has(state));
    return { transferGuard: worst ?? null };
  };
  const publish = () => core.publish(viewOf());
  return {
    handlers: {
      "flex-guard": async ({ health }, sender) => {
        const tabId = (sender.tab as { id?: number } | undefined)?.id;
        if (typeof tabId !== "number") return;
        if (health === "starting") tabs.delete(tabId);
        else tabs.set(tabId, health);
        if (health === "off") core.log(`the transfer guard stopped answering in Flex tab ${tabId}`);
        publish();
      },
    },
    view: viewOf,
    tabRemoved: async (tabId) => {
      if (tabs.delete(tabId)) publish();
    },
  };
}
