/**
 * The transfer guard on Flex's own Actions (MAIN world): the rule holds for every way Flex can hand
 * a call on (its buttons, a keyboard shortcut, another plugin's invokeAction), not only for the
 * buttons the DOM overlay knows. For each guarded action (GUARDED_ACTIONS), the before-listener
 * aborts a weblead, unknown-origin or task-less hand-off and the agent is told why; an inbound
 * call goes on with Flex's own task in the payload (transfer-verdict.ts), so the action moves the
 * task that was judged, whatever object the caller passed. The same rule also wraps each action
 * itself (replaceAction), for when the listener is skipped.
 */
import {
  type ActionListener,
  type FlexActionsLike,
  type KeptListener,
  keepListener,
  type ReplacedAction,
  type Report,
  worstOf,
} from "../../../content-scripts/flex/actions/flex-actions.ts";
import type { StoppedTransferOrigin } from "../../protocol/messages.ts";
import { type FlexTaskLookup, transferVerdict } from "./transfer-verdict.ts";

/**
 * The actions that hand a call on to someone else and carry the task they move (docs/flex-apis.md,
 * "Actions that hand a call or task to someone else"): to a worker or queue, or to a typed number.
 */
export const GUARDED_ACTIONS = ["TransferTask", "StartExternalWarmTransfer"] as const;

export interface TransferGuardListeners {
  /** Hand-offs stopped so far, to tell our cancel from another's. */
  readonly stops: number;
  /** Puts back a before-listener another script took off (keepListener). */
  ensure(): ReturnType<KeptListener["ensure"]>;
  dispose(): void;
}

export function installTransferGuard(
  actions: FlexActionsLike,
  flexTask: FlexTaskLookup,
  report: (message: Report) => void,
): TransferGuardListeners {
  let stops = 0;
  let disposed = false;
  const stopped = (origin: StoppedTransferOrigin) => {
    stops++;
    report({ kind: "transfer-stopped", origin });
  };

  const before: ActionListener = (payload, abortFunction) => {
    const verdict = transferVerdict(payload, flexTask);
    if (verdict.allowed) {
      // Flex's own task, in place of whatever the caller passed: the action moves what was judged.
      (payload as Record<string, unknown>).task = verdict.task;
      return;
    }
    // Without an abort function, the replaced action below stops it, in the action itself.
    if (typeof abortFunction === "function") {
      stopped(verdict.origin);
      abortFunction();
    }
  };

  /**
   * The second line, in place of Flex's action itself: it holds even when the listener above never
   * ran (another plugin's before-listener that throws makes Flex skip the listeners added after
   * it). Flex has no way to take a replacement back, so a disposed copy passes through.
   */
  const guard: ReplacedAction = (payload, original, next) => {
    // Through the chain (`next`), so other plugins' replacements added before ours still run.
    const proceed = next ?? original;
    if (disposed) return proceed(payload);
    const verdict = transferVerdict(payload, flexTask);
    if (verdict.allowed)
      return proceed(payload.task === verdict.task ? payload : { ...payload, task: verdict.task });
    stopped(verdict.origin);
    return Promise.reject(
      new Error(`HunkBridge stopped this transfer: a ${verdict.origin} call is never transferred`),
    );
  };

  const kept = GUARDED_ACTIONS.map((name) => {
    actions.replaceAction(name, guard);
    return keepListener(actions, `before${name}`, before);
  });
  return {
    get stops() {
      return stops;
    },
    ensure: () => worstOf(kept.map((k) => k.ensure())),
    dispose() {
      disposed = true;
      for (const k of kept) k.remove();
    },
  };
}
