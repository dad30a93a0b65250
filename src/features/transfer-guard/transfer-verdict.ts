/**
 * Whether Flex may run a TransferTask, decided from the payload Flex hands its before-listeners:
 * Flex resolves `task` (an ITask) from `sid` before they run, and `task.attributes` are the task's
 * own attributes (docs/flex-apis.md). Only an inbound call may be transferred; a weblead, an
 * unknown origin or a payload without a task fails closed (CONTRACT §2).
 */
import { parseTaskAttributes } from "../../domain/attributes.ts";
import { classifyOrigin, isTransferAllowed } from "../../domain/origin.ts";
import type { StoppedTransferOrigin } from "../../protocol/messages.ts";

export type TransferVerdict = { allowed: true } | { allowed: false; origin: StoppedTransferOrigin };

function field(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return undefined; // a throwing getter is no task we can read
  }
}

export function transferVerdict(payload: unknown): TransferVerdict {
  const task = field(payload, "task");
  if (typeof task !== "object" || task === null) return { allowed: false, origin: "no-task" };
  const origin = classifyOrigin(parseTaskAttributes(field(task, "attributes")).attributes);
  return isTransferAllowed(origin) ? { allowed: true } : { allowed: false, origin };
}
