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
 * "Actions that hand a call or task to someone else"), each with when its payload is a hand-off:
 * - TransferTask, to a worker or queue, and StartExternalWarmTransfer, to a typed number: always;
 * - RedirectCallTask: always (the call leaves TaskRouter for whatever TwiML the URL returns);
 * - DequeueTask and IssueCallToWorker: when `options.to` bridges the call to another number or
 *   client instead of the agent's own;
 * - AcceptTask: when `conferenceOptions.to` dials someone else into the customer's conference.
 * Leaving the call (HangupCall, UpdateWorkerParticipant, KickParticipant) hands nothing on by
 * itself: someone else can only be on a weblead call through one of the actions above.
 */
export const GUARDED_ACTIONS = {
  TransferTask: () => true,
  StartExternalWarmTransfer: () => true,
  RedirectCallTask: () => true,
  DequeueTask: (payload) => hasTarget(field(payload, "options")),
  IssueCallToWorker: (payload) => hasTarget(field(payload, "options")),
  AcceptTask: (payload) => hasTarget(field(payload, "conferenceOptions")),
} satisfies Record<string, (payload: unknown) => boolean>;
export type GuardedAction = keyof typeof GUARDED_ACTIONS;

function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

/** A `to` other than nothing: an odd `to` counts, so the rule judges it (fails closed). */
function hasTarget(options: unknown): boolean {
  const to = field(options, "to");
  return to !== undefined && to !== null && to !== "";
}

/** The option objects GUARDED_ACTIONS reads a `to` from. */
const JUDGED_OPTIONS = ["options", "conferenceOptions"] as const;

/**
 * The payload read once, now, into plain objects: its own fields, and those of the option objects
 * the rule reads. What is judged is then what the action gets: a getter that answers differently
 * each time, or a caller that changes its object after the check, can't show the rule one line
 * and the action another. Throws when the payload can't be read (a throwing getter, a hostile
 * Proxy): the caller fails closed.
 */
function readOnce(payload: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(payload as object) };
  for (const key of JUDGED_OPTIONS) {
    const inner = copy[key];
    if (typeof inner === "object" && inner !== null) copy[key] = { ...inner };
  }
  return copy;
}

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

  const before =
    (name: GuardedAction): ActionListener =>
    (payload, abortFunction) => {
      let judged: Record<string, unknown>;
      try {
        judged = readOnce(payload);
      } catch {
        if (typeof abortFunction === "function") {
          stopped("no-task");
          abortFunction();
        }
        return;
      }
      if (!GUARDED_ACTIONS[name](judged)) return;
      const verdict = transferVerdict(judged, flexTask);
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
  const guard =
    (name: GuardedAction): ReplacedAction =>
    (payload, original, next) => {
      // Through the chain (`next`), so other plugins' replacements added before ours still run.
      const proceed = next ?? original;
      if (disposed) return proceed(payload);
      let judged: Record<string, unknown>;
      try {
        judged = readOnce(payload);
      } catch {
        stopped("no-task");
        return Promise.reject(new Error("HunkBridge stopped this action: its payload can't be read"));
      }
      // The action gets the payload as judged, never the caller's object (readOnce).
      if (!GUARDED_ACTIONS[name](judged)) return proceed(judged);
      const verdict = transferVerdict(judged, flexTask);
      if (verdict.allowed) return proceed({ ...judged, task: verdict.task });
      stopped(verdict.origin);
      return Promise.reject(
        new Error(`HunkBridge stopped this transfer: a ${verdict.origin} call is never transferred`),
      );
    };

  const kept = (Object.keys(GUARDED_ACTIONS) as GuardedAction[]).map((name) => {
    actions.replaceAction(name, guard(name));
    return keepListener(actions, `before${name}`, before(name));
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
