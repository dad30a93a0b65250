/**
 * Whether Flex may hand a call on (every action of GUARDED_ACTIONS, flex-page.ts), decided from Flex's own
 * task, never from the object a caller put in the payload: any script on Flex's page can invoke an
 * action with a `task` that looks inbound over a weblead's reservation. Flex sets `payload.sid` to
 * `payload.task.sid` before its listeners run, and the action then works on `payload.task`
 * (docs/flex-apis.md, "Actions that hand a call or task to someone else"): so the rule looks the
 * reservation sid up in Flex's store (`flex.worker.tasks`, keyed by reservation sid), judges that
 * task, and hands it back to be put in the payload, so the action moves the task that was judged.
 * Only an inbound call may be handed on; a weblead, an unknown origin, or a sid Flex's store does
 * not know fails closed (CONTRACT §2).
 */
import { parseTaskAttributes } from "../../domain/attributes.ts";
import { classifyOrigin, isTransferAllowed } from "../../domain/origin.ts";
import type { StoppedTransferOrigin } from "../../protocol/messages.ts";

/** Flex's ITask as far as the rule reads it. */
export type FlexTask = { sid: string; attributes: unknown };
/** A task in Flex's own store, by reservation sid; undefined when Flex has none. */
export type FlexTaskLookup = (reservationSid: string) => FlexTask | undefined;

export type TransferVerdict =
  | { allowed: true; task: FlexTask }
  | { allowed: false; origin: StoppedTransferOrigin };

function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return undefined; // a throwing getter is no task we can read
  }
}

/** The reservation sid the action will work on: its task's, else the payload's. */
function reservationSidOf(payload: unknown): string | null {
  const sid = field(field(payload, "task"), "sid") ?? field(payload, "sid");
  return typeof sid === "string" && sid !== "" ? sid : null;
}

export function transferVerdict(payload: unknown, flexTask: FlexTaskLookup): TransferVerdict {
  const sid = reservationSidOf(payload);
  let task: FlexTask | undefined;
  try {
    task = sid === null ? undefined : flexTask(sid);
  } catch {
    task = undefined; // Flex's store unreadable: no task we can vouch for
  }
  if (task === undefined) return { allowed: false, origin: "no-task" };
  const origin = classifyOrigin(parseTaskAttributes(field(task, "attributes")).attributes);
  return isTransferAllowed(origin) ? { allowed: true, task } : { allowed: false, origin };
}
