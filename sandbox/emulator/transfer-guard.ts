import { classifyOrigin } from "../../src/domain/origin.ts";
import type { EmulatorContext } from "./context.ts";
import { touch } from "./context.ts";
import type { TaskRecord, TransferRecord } from "./model.ts";
import { nowSeconds } from "./model.ts";
import { transferPayload } from "./payloads.ts";

/**
 * The workspace's event callback as HunkBridge's admin kit sets it up: the transfer guard
 * (token-service/functions/lib/transfer-guard.private.js; docs/transfer-routing.md), emulated in
 * process. At Twilio a transfer puts the task straight into the target queue and TaskRouter then
 * POSTs the event to the callback, which reads the task and acts through the REST API; here the
 * guard runs GUARD_DELAY_MS after the transfer, decides as the Function does and acts on the store.
 *
 * Its decision, as the Function's: a task in the customer-service queue may stay only if it is an
 * inbound call both now and as it was created (CONTRACT §2, src/domain/origin.ts; unknown fails
 * closed). Otherwise a task waiting there (COLD) is canceled, and a WARM transfer, whose agent
 * still holds the call, fails. Either way the transferring agent hears task.transfer-failed, as
 * Twilio describes it: "the Task was canceled or the Worker it was transferred to rejected the
 * Reservation".
 */

export const GUARD_DELAY_MS = 40;
export const GUARD_REASON = "HunkBridge: only inbound calls may be transferred to customer service";

function origin(attributes: string) {
  try {
    const value: unknown = JSON.parse(attributes);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? classifyOrigin(value as Record<string, unknown>)
      : "unknown";
  } catch {
    return "unknown";
  }
}

/** Whether the guard lets this task be in the customer-service queue. */
export function mayReachCustomerService(task: TaskRecord): boolean {
  return origin(task.attributes) === "inbound" && origin(task.createdAttributes) === "inbound";
}

/** Runs the guard for a transfer that just started (transfer-ops.ts arms it). */
export function guardTransfer(ctx: EmulatorContext, transfer: TransferRecord): void {
  const { store } = ctx;
  if (!store.transferGuard.enabled) return;
  if (transfer.to !== store.queues.customerService.sid || transfer.status !== "initiated") return;
  const task = store.tasks.get(transfer.taskSid);
  if (!task || mayReachCustomerService(task)) return;
  const at = nowSeconds();
  if (
    transfer.mode === "COLD" &&
    (task.assignmentStatus === "pending" || task.assignmentStatus === "reserved")
  ) {
    task.assignmentStatus = "canceled";
    task.reason = GUARD_REASON;
    touch(task);
    task.routing.push({ via: "transfer-guard", action: "canceled", reason: GUARD_REASON, at });
  } else {
    task.routing.push({ via: "transfer-guard", action: "transfer-failed", reason: GUARD_REASON, at });
  }
  transfer.status = "failed";
  transfer.failedReason = GUARD_REASON;
  transfer.dateUpdated = at;
  ctx.hub.push(transfer.workerSid, "task.transfer-failed", transferPayload(store, transfer));
  ctx.log(
    `transfer guard: task ${task.sid} kept out of customer service (${transfer.mode}), transfer ${transfer.sid} failed`,
  );
}
