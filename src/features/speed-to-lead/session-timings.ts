// Records speed to lead from the agent's session (speed-to-lead.ts has the shape): every session
// the tracker commits goes through recordTimings(), which adds or updates the day's tasks. Only
// the service worker needs this; the views only read the result.
import { attributeText } from "../../domain/attributes.ts";
import { type AgentSession, dialCountdownDeadline } from "../../domain/reservation.ts";
import type { HistoryEntry } from "../../domain/reservation-history.ts";
import { isAcceptedPhase, type TrackedReservation } from "../../domain/reservation-lifecycle.ts";
import { taskRef } from "../../domain/task-ref.ts";
import { leadCreatedAtMs } from "./lead-created-at.ts";
import {
  DAY_TASK_LIMIT,
  type DayTimings,
  isWithinDay,
  LEAD_ID_MAX,
  type TaskTiming,
} from "./speed-to-lead.ts";

function leadIdOf(r: TrackedReservation): string | null {
  const text = attributeText(r.attributes, "lead_id");
  if (text === null) return null;
  const chars = Array.from(text);
  return chars.length <= LEAD_ID_MAX ? text : `${chars.slice(0, LEAD_ID_MAX - 1).join("")}…`;
}

function leadTime(r: TrackedReservation): Pick<TaskTiming, "leadAtMs" | "leadSource"> {
  const submitted = leadCreatedAtMs(r.attributes, r.createdAtMs);
  if (submitted !== null) return { leadAtMs: submitted, leadSource: "lead_created_at" };
  if (r.taskCreatedAtMs !== undefined) return { leadAtMs: r.taskCreatedAtMs, leadSource: "task" };
  return { leadAtMs: r.createdAtMs, leadSource: "offer" };
}

/** What one look at an active reservation tells. */
function timingNow(r: TrackedReservation, nowMs: number): TaskTiming {
  const dialAtMs = dialCountdownDeadline(r);
  return {
    ...taskRef(r),
    leadId: leadIdOf(r),
    ...leadTime(r),
    offeredAtMs: r.createdAtMs,
    acceptedAtMs: r.acceptedAtMs ?? null,
    // The review is over once its deadline has passed: that is when the tracker's tick moves the
    // task to dialing and Twilio dials. A task that ends before then was never dialed.
    dialedAtMs: dialAtMs !== null && dialAtMs <= nowMs ? dialAtMs : null,
    endedAtMs: null,
    outcome: isAcceptedPhase(r.phase) ? "accepted" : "offered",
  };
}

/** A later look never forgets what an earlier one saw (a restore in wrap-up has no dial time). */
function merged(old: TaskTiming, now: TaskTiming): TaskTiming {
  if (old.endedAtMs !== null) return old;
  return {
    ...old,
    acceptedAtMs: old.acceptedAtMs ?? now.acceptedAtMs,
    dialedAtMs: old.dialedAtMs ?? now.dialedAtMs,
    outcome: old.outcome === "accepted" ? old.outcome : now.outcome,
  };
}

function sameTiming(a: TaskTiming, b: TaskTiming): boolean {
  return (Object.keys(a) as Array<keyof TaskTiming>).every((key) => a[key] === b[key]);
}

function replaced(tasks: TaskTiming[], index: number, next: TaskTiming): TaskTiming[] {
  const old = tasks[index];
  if (old === undefined || sameTiming(old, next)) return tasks;
  return tasks.map((t, i) => (i === index ? next : t));
}

function observed(day: DayTimings, tasks: TaskTiming[], r: TrackedReservation, nowMs: number) {
  const now = timingNow(r, nowMs);
  const index = tasks.findIndex((t) => t.reservationSid === r.sid);
  if (index >= 0) return replaced(tasks, index, merged(tasks[index] as TaskTiming, now));
  // An offer made before midnight belongs to a day that is gone.
  if (!isWithinDay(day, now.offeredAtMs)) return tasks;
  const added = [...tasks, now].sort((a, b) => a.offeredAtMs - b.offeredAtMs);
  return added.slice(-DAY_TASK_LIMIT);
}

/** An ended reservation is only in the history by then: its outcome and time close the timing. */
function ended(tasks: TaskTiming[], entry: HistoryEntry): TaskTiming[] {
  if (entry.outcome === "accepted") return tasks;
  const index = tasks.findIndex((t) => t.reservationSid === entry.reservationSid);
  const old = tasks[index];
  if (old === undefined || old.endedAtMs !== null) return tasks;
  return replaced(tasks, index, { ...old, endedAtMs: entry.atMs, outcome: entry.outcome });
}

/**
 * The day's timings after a look at the session at `nowMs`: active reservations add or update
 * their task, ended ones (history) close it. The same object when nothing changed, so the caller
 * can skip a storage write. Tasks whose reservation is gone without an outcome stay open.
 */
export function recordTimings(
  day: DayTimings,
  session: Pick<AgentSession, "reservations" | "history">,
  nowMs: number,
): DayTimings {
  let tasks = day.tasks;
  for (const r of session.reservations) tasks = observed(day, tasks, r, nowMs);
  for (const entry of session.history) tasks = ended(tasks, entry);
  return tasks === day.tasks ? day : { ...day, tasks };
}
