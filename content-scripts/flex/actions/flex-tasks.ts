/**
 * Flex's own tasks, read in the page (MAIN world) from its Redux store:
 * `Twilio.Flex.Manager.getInstance().store.getState().flex.worker.tasks`, a Map of Flex's ITask by
 * reservation sid (docs/flex-apis.md, "Actions that hand a call or task to someone else"). What
 * the transfer guard judges, rather than the task object a caller put in an action's payload.
 */
import type { FlexTask, FlexTaskLookup } from "../../../src/features/transfer-guard/transfer-verdict.ts";

interface StoreGlobal {
  Twilio?: {
    Flex?: { Manager?: { getInstance?: () => { store?: { getState?: () => unknown } } | undefined } };
  };
}

/** A lookup on `global`'s Flex store; undefined for a sid Flex has no task for, or no store yet. */
export function flexTasksOf(global: unknown): FlexTaskLookup {
  return (reservationSid) => {
    const state = (global as StoreGlobal).Twilio?.Flex?.Manager?.getInstance?.()?.store?.getState?.() as
      | { flex?: { worker?: { tasks?: unknown } } }
      | undefined;
    const tasks = state?.flex?.worker?.tasks;
    if (!(tasks instanceof Map)) return undefined;
    const task = tasks.get(reservationSid) as FlexTask | undefined;
    return typeof task === "object" && task !== null && task.sid === reservationSid ? task : undefined;
  };
}
