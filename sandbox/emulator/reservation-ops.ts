import type { EmulatorContext } from "./context.ts";
import { touch } from "./context.ts";
import { badRequest, conflict, notFound } from "./errors.ts";
import { pushReservationEvent, pushTaskEvent } from "./events.ts";
import type { ReservationRecord, ReservationStatus, TaskRecord, WorkerRecord } from "./model.ts";
import { nowSeconds } from "./model.ts";
import { reservationPayload } from "./payloads.ts";
import { newSid } from "./sids.ts";
import { describeTask } from "./task-fixtures.ts";
import { requireTask } from "./task-ops.ts";
import { setWorkerActivity } from "./worker-ops.ts";

/**
 * Reservation life cycle: offer → accepted | rejected | timeout | canceled | rescinded, then
 * accepted → wrapping → completed. Each change pushes the matching `reservation.*` frame, with the
 * full reservation and nested task, to every socket of the reserved worker.
 */

const timerKey = (sid: string) => `reservation-timeout:${sid}`;

export function requireReservation(ctx: EmulatorContext, sid: string): ReservationRecord {
  const reservation = ctx.store.reservations.get(sid);
  if (!reservation) throw notFound(`no reservation ${sid}`);
  return reservation;
}

function identityOf(ctx: EmulatorContext, reservation: ReservationRecord): string {
  return ctx.store.workers.get(reservation.workerSid)?.identity ?? reservation.workerSid;
}

/** A transition from the wrong state is a conflict (the REST proxy answers it as Twilio's 400). */
function requireStatus(reservation: ReservationRecord, allowed: ReservationStatus[], action: string): void {
  if (!allowed.includes(reservation.status)) {
    throw conflict(`cannot ${action} reservation ${reservation.sid}: it is ${reservation.status}`);
  }
}

function setStatus(reservation: ReservationRecord, status: ReservationStatus): void {
  reservation.status = status;
  touch(reservation);
}

/** Offers a task to a worker: a pending reservation with an accept window, pushed as reservation.created. */
export function offerTask(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  task: TaskRecord,
  timeoutSeconds: number,
): ReservationRecord {
  const now = nowSeconds();
  const reservation: ReservationRecord = {
    sid: newSid("WR"),
    taskSid: task.sid,
    workerSid: worker.sid,
    status: "pending",
    timeoutSeconds,
    outgoingTransferSid: null,
    dateCreated: now,
    dateUpdated: now,
    version: 0,
  };
  ctx.store.reservations.set(reservation.sid, reservation);
  task.assignmentStatus = "reserved";
  task.reservationSid = reservation.sid;
  touch(task);
  ctx.timers.set(timerKey(reservation.sid), timeoutSeconds * 1000, () =>
    timeoutReservation(ctx, reservation),
  );
  const sockets = ctx.hub.push(worker.sid, "reservation.created", reservationPayload(ctx.store, reservation));
  ctx.log(
    `reservation ${reservation.sid} created for ${worker.identity} (${describeTask(task.kind, task.attributes)}), ` +
      `${timeoutSeconds}s to accept [${sockets} socket(s)]`,
  );
  return reservation;
}

/** ReservationStatus=accepted, or an Instruction (conference, dequeue, call) that accepts it. */
export function acceptReservation(ctx: EmulatorContext, reservation: ReservationRecord, via: string): void {
  requireStatus(reservation, ["pending"], "accept");
  ctx.timers.clear(timerKey(reservation.sid));
  const task = requireTask(ctx, reservation.taskSid);
  setStatus(reservation, "accepted");
  task.assignmentStatus = "assigned";
  task.reservationSid = reservation.sid;
  touch(task);
  pushReservationEvent(ctx, reservation, "reservation.accepted");
  ctx.log(`reservation ${reservation.sid} accepted by ${identityOf(ctx, reservation)} (${via})`);
}

/** Releases the task back to pending (it would be re-routed) and applies WorkerActivitySid if sent. */
export function rejectReservation(
  ctx: EmulatorContext,
  reservation: ReservationRecord,
  activitySid?: string,
): void {
  requireStatus(reservation, ["pending"], "reject");
  const activity = activitySid === undefined ? undefined : ctx.store.activity(activitySid);
  if (activitySid !== undefined && !activity)
    throw badRequest(`WorkerActivitySid ${activitySid} is not an activity`);
  ctx.timers.clear(timerKey(reservation.sid));
  releaseTask(ctx, reservation);
  setStatus(reservation, "rejected");
  pushReservationEvent(ctx, reservation, "reservation.rejected");
  ctx.log(`reservation ${reservation.sid} rejected by ${identityOf(ctx, reservation)}`);
  const worker = ctx.store.workers.get(reservation.workerSid);
  if (worker && activity) setWorkerActivity(ctx, worker, activity, `rejected ${reservation.sid}`);
}

/**
 * The accept window ran out: reservation timeout, task back to pending, then the worker goes
 * Offline, as a workspace with TimeoutActivitySid=Offline does (the extension shows its banner).
 */
export function timeoutReservation(ctx: EmulatorContext, reservation: ReservationRecord): void {
  requireStatus(reservation, ["pending"], "time out");
  ctx.timers.clear(timerKey(reservation.sid));
  releaseTask(ctx, reservation);
  setStatus(reservation, "timeout");
  pushReservationEvent(ctx, reservation, "reservation.timeout");
  ctx.log(`reservation ${reservation.sid} timed out for ${identityOf(ctx, reservation)}`);
  const worker = ctx.store.workers.get(reservation.workerSid);
  if (worker)
    setWorkerActivity(ctx, worker, ctx.store.activityByName("Offline"), `missed ${reservation.sid}`);
}

/** The task was canceled while offered (e.g. the caller hung up): task.canceled, reservation.canceled. */
export function cancelReservation(ctx: EmulatorContext, reservation: ReservationRecord): void {
  requireStatus(reservation, ["pending"], "cancel");
  ctx.timers.clear(timerKey(reservation.sid));
  const task = requireTask(ctx, reservation.taskSid);
  task.assignmentStatus = "canceled";
  task.reason = "Task canceled";
  task.reservationSid = null;
  touch(task);
  pushTaskEvent(ctx, task, "task.canceled", [reservation.workerSid]);
  setStatus(reservation, "canceled");
  pushReservationEvent(ctx, reservation, "reservation.canceled");
  ctx.log(`reservation ${reservation.sid} canceled (task ${task.sid} canceled)`);
}

/** Another reservation of the task won it: only this offer is withdrawn, the task is not ours. */
export function rescindReservation(ctx: EmulatorContext, reservation: ReservationRecord): void {
  requireStatus(reservation, ["pending"], "rescind");
  ctx.timers.clear(timerKey(reservation.sid));
  const task = requireTask(ctx, reservation.taskSid);
  if (task.reservationSid === reservation.sid) task.reservationSid = null;
  setStatus(reservation, "rescinded");
  pushReservationEvent(ctx, reservation, "reservation.rescinded");
  ctx.log(`reservation ${reservation.sid} rescinded from ${identityOf(ctx, reservation)}`);
}

/** ReservationStatus=wrapping: the reservation (and the task, if this reservation holds it) wraps up. */
export function wrapReservation(ctx: EmulatorContext, reservation: ReservationRecord): void {
  requireStatus(reservation, ["accepted"], "wrap up");
  const task = requireTask(ctx, reservation.taskSid);
  setStatus(reservation, "wrapping");
  pushReservationEvent(ctx, reservation, "reservation.wrapup");
  if (task.reservationSid === reservation.sid && task.assignmentStatus === "assigned") {
    task.assignmentStatus = "wrapping";
    touch(task);
    pushTaskEvent(ctx, task, "task.wrapup");
  }
  ctx.log(`reservation ${reservation.sid} wrapping`);
}

/**
 * ReservationStatus=completed. Completes the task too if this reservation still holds it; after
 * a cold transfer the task has moved on and only the initiator's reservation completes.
 */
export function completeReservation(ctx: EmulatorContext, reservation: ReservationRecord): void {
  requireStatus(reservation, ["accepted", "wrapping"], "complete");
  const task = requireTask(ctx, reservation.taskSid);
  if (task.reservationSid === reservation.sid) {
    task.assignmentStatus = "completed";
    task.reason ??= "reservation completed";
    touch(task);
    pushTaskEvent(ctx, task, "task.completed");
  }
  setStatus(reservation, "completed");
  pushReservationEvent(ctx, reservation, "reservation.completed");
  ctx.log(`reservation ${reservation.sid} completed`);
}

/** Task back to pending without a holder (after reject/timeout). */
function releaseTask(ctx: EmulatorContext, reservation: ReservationRecord): void {
  const task = requireTask(ctx, reservation.taskSid);
  if (task.reservationSid !== reservation.sid) return;
  task.assignmentStatus = "pending";
  task.reservationSid = null;
  touch(task);
}
