// The agent's recent tasks, newest first, for the popup: one entry per reservation, whose outcome is
// updated as the task moves on (accepted → completed or transferred).
import { attributeText } from "./attributes.ts";
import type { TaskOutcome, TrackedReservation } from "./reservation-lifecycle.ts";
import { type TaskRef, taskRef } from "./task-ref.ts";

// The outcomes are words of the reservation's life (reservation-lifecycle.ts says which step records
// which); the protocol and the day's timings read them here, beside the entries.
export { TASK_OUTCOMES, type TaskOutcome } from "./reservation-lifecycle.ts";

export type HistoryEntry = TaskRef & {
  name: string | null;
  outcome: TaskOutcome;
  /** From the reservation's creation to the accept; null if it was never accepted. */
  timeToAcceptMs: number | null;
  /** When the latest outcome happened. */
  atMs: number;
};

export const HISTORY_LIMIT = 20;

/** Adds or updates the reservation's entry (keeping its place), newest first, at most HISTORY_LIMIT. */
export function recordOutcome(
  history: HistoryEntry[],
  reservation: TrackedReservation,
  outcome: TaskOutcome,
  atMs: number,
): HistoryEntry[] {
  const entry: HistoryEntry = {
    ...taskRef(reservation),
    name: attributeText(reservation.attributes, "name"),
    outcome,
    // Clock skew between Twilio and this machine must not show a negative time.
    timeToAcceptMs:
      reservation.acceptedAtMs === undefined
        ? null
        : Math.max(0, reservation.acceptedAtMs - reservation.createdAtMs),
    atMs,
  };
  const index = history.findIndex((old) => old.reservationSid === reservation.sid);
  if (index >= 0) return history.map((old, i) => (i === index ? entry : old));
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}
