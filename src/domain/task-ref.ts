// Which task a record is about: the reservation that offered it to this agent, the task itself, and
// where it came from. The session history and the speed-to-lead timings are both keyed by it.
import type { TaskOrigin } from "./origin.ts";
import type { TrackedReservation } from "./reservation-lifecycle.ts";

export type TaskRef = {
  reservationSid: string;
  taskSid: string;
  origin: TaskOrigin;
};

export function taskRef(reservation: TrackedReservation): TaskRef {
  return { reservationSid: reservation.sid, taskSid: reservation.taskSid, origin: reservation.origin };
}
