/**
 * The transfer guard on Flex's own Actions (MAIN world): the rule holds for every way Flex can
 * transfer (its buttons, a keyboard shortcut, another plugin's invokeAction), not only for the
 * buttons the DOM overlay knows. beforeTransferTask aborts a weblead, unknown-origin or task-less
 * transfer (transfer-verdict.ts) and the agent is told why; inbound calls are left alone. The same
 * rule also wraps the TransferTask action itself (replaceAction), for when the listener is skipped.
 */
import type {
  ActionListener,
  FlexActionsLike,
  ReplacedAction,
  Report,
} from "../../../content-scripts/flex/actions/flex-actions.ts";
import type { StoppedTransferOrigin } from "../../protocol/messages.ts";
import { transferVerdict } from "./transfer-verdict.ts";

export interface TransferGuardListeners {
  /** Transfers stopped so far, to tell our cancel from another's. */
  readonly stops: number;
  dispose(): void;
}

export function installTransferGuard(
  actions: FlexActionsLike,
  report: (message: Report) => void,
): TransferGuardListeners {
  let stops = 0;
  let disposed = false;
  const stopped = (origin: StoppedTransferOrigin) => {
    stops++;
    report({ kind: "transfer-stopped", origin });
  };

  const beforeTransferTask: ActionListener = (payload, abortFunction) => {
    const verdict = transferVerdict(payload);
    // Without an abort function, guardTransfer below stops it, in the action itself.
    if (!verdict.allowed && typeof abortFunction === "function") {
      stopped(verdict.origin);
      abortFunction();
    }
  };

  /**
   * The second line, in place of Flex's TransferTask itself: it holds even when the listener
   * above never ran (another plugin's before-listener that throws makes Flex skip the listeners
   * added after it). Flex has no way to take a replacement back, so a disposed copy passes through.
   */
  const guardTransfer: ReplacedAction = (payload, original, next) => {
    // Through the chain (`next`), so other plugins' replacements added before ours still run.
    const proceed = next ?? original;
    const verdict = disposed ? { allowed: true as const } : transferVerdict(payload);
    if (verdict.allowed) return proceed(payload);
    stopped(verdict.origin);
    return Promise.reject(
      new Error(`HunkBridge stopped this transfer: a ${verdict.origin} call is never transferred`),
    );
  };

  actions.addListener("beforeTransferTask", beforeTransferTask);
  actions.replaceAction("TransferTask", guardTransfer);
  return {
    get stops() {
      return stops;
    },
    dispose() {
      disposed = true;
      actions.removeListener("beforeTransferTask", beforeTransferTask);
    },
  };
}
