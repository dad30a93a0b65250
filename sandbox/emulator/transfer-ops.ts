import type { EmulatorContext } from "./context.ts";
import { touch } from "./context.ts";
import { badRequest, conflict, forbidden, notFound } from "./errors.ts";
import { pushReservationEvent } from "./events.ts";
import type { TransferMode, TransferRecord, WorkerRecord } from "./model.ts";
import { nowSeconds } from "./model.ts";
import { transferPayload } from "./payloads.ts";
import { requireReservation } from "./reservation-ops.ts";
import { hasPrefix, newSid } from "./sids.ts";
import { requireTask } from "./task-ops.ts";
import { GUARD_DELAY_MS, guardTransfer } from "./transfer-guard.ts";

/**
 * Task transfers (`W/Transfers`, API v2). Only transfers to a TaskQueue are emulated, which is
 * what the extension does (cold transfer of an inbound call to customer service). As at Twilio,
 * the task goes straight into that queue, not through the workflow; the workspace's event
 * callback, HunkBridge's transfer guard, then takes a weblead call back out of customer service
 * (transfer-guard.ts; docs/transfer-routing.md).
 *
 * Events go out shortly after the REST reply: the SDK matches `task.transfer-*` frames against the
 * OutgoingTransfer it builds from that reply, and otherwise polls for it every 500 ms.
 */

const EVENT_DELAY_MS = 20;

export interface TransferRequest {
  reservationSid: string;
  taskSid: string;
  to: string;
  mode: TransferMode;
  attributes?: string;
  priority?: number;
}

function requireTransfer(ctx: EmulatorContext, sid: string): TransferRecord {
  const transfer = ctx.store.transfers.get(sid);
  if (!transfer) throw notFound(`no transfer ${sid}`);
  return transfer;
}

function pushTransferEvent(ctx: EmulatorContext, transfer: TransferRecord, eventType: string): void {
  ctx.hub.push(transfer.workerSid, eventType, transferPayload(ctx.store, transfer));
}

/**
 * Starts a transfer of the worker's accepted task to a queue. COLD: the task leaves the agent at
 * once (pending in the target queue) and the agent's reservation goes to wrapping; WARM: the agent
 * keeps the reservation until the transfer completes.
 */
export function startTransfer(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  req: TransferRequest,
): TransferRecord {
  const reservation = requireReservation(ctx, req.reservationSid);
  if (reservation.workerSid !== worker.sid)
    throw forbidden(`reservation ${reservation.sid} is not ${worker.identity}'s`);
  if (reservation.taskSid !== req.taskSid)
    throw badRequest(`TaskSid ${req.taskSid} is not the task of ${reservation.sid}`);
  if (reservation.status !== "accepted") {
    throw conflict(`cannot transfer from reservation ${reservation.sid}: it is ${reservation.status}`);
  }
  const queue = ctx.store.queue(req.to);
  if (!queue) {
    throw badRequest(
      hasPrefix(req.to, "WK")
        ? "the emulator only transfers to TaskQueues (WQ…), not to workers"
        : `To ${req.to} is not a TaskQueue of this workspace`,
    );
  }
  const task = requireTask(ctx, req.taskSid);
  const now = nowSeconds();
  const transfer: TransferRecord = {
    sid: newSid("TT"),
    taskSid: task.sid,
    reservationSid: reservation.sid,
    workerSid: worker.sid,
    initiatingQueueSid: task.queueSid,
    initiatingWorkflowSid: ctx.store.workspace.workflowSid,
    to: queue.sid,
    mode: req.mode,
    type: "QUEUE",
    status: "initiated",
    failedReason: null,
    dateCreated: now,
    dateUpdated: now,
  };
  ctx.store.transfers.set(transfer.sid, transfer);
  reservation.outgoingTransferSid = transfer.sid;
  if (req.attributes !== undefined) task.attributes = req.attributes;
  if (req.priority !== undefined) task.priority = req.priority;
  if (req.mode === "COLD") {
    task.assignmentStatus = "pending";
    task.queueSid = queue.sid;
    task.reservationSid = null;
    reservation.status = "wrapping";
    touch(reservation);
  }
  // Straight into the target queue, without the workflow: docs/transfer-routing.md.
  task.routing.push({
    via: "transfer",
    queueSid: queue.sid,
    transferSid: transfer.sid,
    mode: req.mode,
    at: now,
  });
  touch(task);
  ctx.log(`task ${task.sid} transferred to ${queue.sid} (${queue.name}), ${req.mode}, by ${worker.identity}`);

  ctx.timers.later(EVENT_DELAY_MS, () => {
    pushTransferEvent(ctx, transfer, "task.transfer-initiated");
    // Twilio's own voice tests expect the transferor's reservation to wrap up after a cold transfer.
    if (req.mode === "COLD") pushReservationEvent(ctx, reservation, "reservation.wrapup");
  });
  // The workspace's event callback hears of it after the transfer has started (transfer-guard.ts).
  ctx.timers.later(GUARD_DELAY_MS, () => guardTransfer(ctx, transfer));
  return transfer;
}

/** `W/Transfers/{TT}` TransferStatus=canceled, while the transfer is still initiated. */
export function cancelTransfer(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  transferSid: string,
  taskSid: string,
): TransferRecord {
  const transfer = requireTransfer(ctx, transferSid);
  if (transfer.workerSid !== worker.sid)
    throw forbidden(`transfer ${transfer.sid} is not ${worker.identity}'s`);
  if (transfer.taskSid !== taskSid) throw badRequest(`TaskSid ${taskSid} is not the task of ${transfer.sid}`);
  if (transfer.status !== "initiated")
    throw conflict(`cannot cancel transfer ${transfer.sid}: it is ${transfer.status}`);
  transfer.status = "canceled";
  transfer.dateUpdated = nowSeconds();
  ctx.log(`transfer ${transfer.sid} canceled by ${worker.identity}`);
  ctx.timers.later(EVENT_DELAY_MS, () => pushTransferEvent(ctx, transfer, "task.transfer-canceled"));
  return transfer;
}
