// The agent's recent tasks, newest first, for the popup: one entry per reservation, whose outcome is
// updated as the task moves on (accepted → completed or transferred).
import { attributeText } from "./attributes.ts";
import type { EndedPhase, TrackedReservation } from "./reservation-lifecycle.ts";
import { type TaskRef, taskRef } from "./task-ref.ts";

export const TASK_OUTCOMES = [
  "accepted",
  "missed",
  "transferred",
  "completed",
  "rejected",
  "canceled",
] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export type HistoryEntry = TaskRef & {
  name: string | null;
  outcome: TaskOutcome;
  /** From the reservation's creation to the accept; null if it was never accepted. */
  timeToAcceptMs: number | null;
  /** When the latest outcome happened. */
  atMs: number;
};

export const HISTORY_LIMIT = 20;

// A rescinded offer was withdrawn by Twilio (someone else took the task): for the agent that reads
// as canceled. A timeout is the agent's miss.
const OUTCOME_OF_ENDED: Record<EndedPhase, TaskOutcome> = {
  completed: "completed",
  rejected: "rejected",
  timeout: "missed",
  canceled: "canceled",
  rescinded: "canceled",
  transferred: "transferred",
};

export function outcomeOfEnded(phase: EndedPhase): TaskOutcome {
  return OUTCOME_OF_ENDED[phase];
}

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
