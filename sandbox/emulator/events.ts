import type { EmulatorContext } from "./context.ts";
import type { ReservationRecord, TaskRecord } from "./model.ts";
import { ACTIVE_RESERVATION_STATUSES } from "./model.ts";
import { reservationPayload, taskPayload } from "./payloads.ts";

/** Pushes a `reservation.*` frame (full reservation + nested task) to the reserved worker's sockets. */
export function pushReservationEvent(
  ctx: EmulatorContext,
  reservation: ReservationRecord,
  eventType: string,
): void {
  ctx.hub.push(reservation.workerSid, eventType, reservationPayload(ctx.store, reservation));
}

/**
 * Pushes a `task.*` frame (full task) to the workers that hold the task in a reservation: the SDK
 * routes it to every Task object it keeps for that sid and ignores tasks it does not know.
 */
export function pushTaskEvent(
  ctx: EmulatorContext,
  task: TaskRecord,
  eventType: string,
  extra: string[] = [],
): void {
  const recipients = new Set(extra);
  for (const r of ctx.store.reservationsOfTask(task.sid)) {
    if (r.sid === task.reservationSid || ACTIVE_RESERVATION_STATUSES.includes(r.status))
      recipients.add(r.workerSid);
  }
  const payload = taskPayload(ctx.store, task);
  for (const workerSid of recipients) ctx.hub.push(workerSid, eventType, payload);
}
