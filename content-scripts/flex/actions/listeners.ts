/**
 * HunkBridge's listeners on Flex's own Actions framework (MAIN world), one per feature, so that the
 * rules hold for every way Flex can transfer or dial (its buttons, a keyboard shortcut, another
 * plugin's invokeAction), not only for the buttons the DOM overlays know:
 * - the transfer guard (src/features/transfer-guard/flex-page.ts): before TransferTask and
 *   StartExternalWarmTransfer, and those actions themselves, judged on Flex's own task;
 * - the dial rule (src/features/dial-rule/flex-page.ts): beforeStartOutboundCall;
 * - the sign-out (src/features/sign-out/flex-page.ts): afterLogout;
 * - the cold transfer to customer service the agent confirmed
 *   (src/features/customer-service-transfer/flex-page.ts), through the guard above as well.
 */
import { transferToCustomerService } from "../../../src/features/customer-service-transfer/flex-page.ts";
import { installDialRule } from "../../../src/features/dial-rule/flex-page.ts";
import { installSignOut } from "../../../src/features/sign-out/flex-page.ts";
import { installTransferGuard } from "../../../src/features/transfer-guard/flex-page.ts";
import type { FlexTaskLookup } from "../../../src/features/transfer-guard/transfer-verdict.ts";
import { type ExtensionLink, type FlexActionsLike, type KeptListener, worstOf } from "./flex-actions.ts";

export type { ActionListener, ExtensionLink, FlexActionsLike } from "./flex-actions.ts";

export interface ActionListeners {
  transferToCustomerService(sid: string, targetSid: string): Promise<void>;
  /**
   * Puts back any of our listeners another script took off Flex's Actions: "restored" says one was
   * missing (the page tampered with them), "unknown" that this Flex doesn't show its listeners.
   */
  ensure(): ReturnType<KeptListener["ensure"]>;
  dispose(): void;
}

/**
 * `flexTask`: a task in Flex's own store by reservation sid (`flexTasksOf()` on the real Manager),
 * what the transfer guard judges instead of the caller's payload.
 */
export function installActionListeners(
  actions: FlexActionsLike,
  link: ExtensionLink,
  warn: (line: string) => void,
  flexTask: FlexTaskLookup,
): ActionListeners {
  const report = link.report.bind(link);
  const guard = installTransferGuard(actions, flexTask, report);
  const dialRule = installDialRule(actions, link, warn);
  const signOut = installSignOut(actions, link, warn);
  return {
    transferToCustomerService: (sid, targetSid) =>
      transferToCustomerService(actions, guard, report, sid, targetSid),
    ensure: () => worstOf([guard.ensure(), dialRule.ensure(), signOut.ensure()]),
    dispose() {
      guard.dispose();
      dialRule.remove();
      signOut.remove();
    },
  };
}
