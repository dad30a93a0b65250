// Speed to lead, per task: when the lead was submitted, offered to this agent, accepted, dialed and
// ended, as times, origin, lead id and outcome. Never a client's name or phone: these records
// outlive the browser session (chrome.storage.local), client data must not. The timings are
// recorded from the session by session-timings.ts (the service worker's part); what every view
// derives from them is here.
import { TASK_OUTCOMES } from "../../domain/reservation-history.ts";
import type { TaskRef } from "../../domain/task-ref.ts";

/** A task's outcome so far: "offered" while the offer waits, then the history's outcomes. */
export const TIMING_OUTCOMES = ["offered", ...TASK_OUTCOMES] as const;
export type TimingOutcome = (typeof TIMING_OUTCOMES)[number];

/**
 * Where the lead time comes from: the workflow's `lead_created_at`, else the task's creation (when
 * the lead entered TaskRouter), else only the offer (Twilio gave no task time): then it says nothing.
 */
export const LEAD_TIME_SOURCES = ["lead_created_at", "task", "offer"] as const;
export type LeadTimeSource = (typeof LEAD_TIME_SOURCES)[number];

export type TaskTiming = TaskRef & {
  leadId: string | null;
  leadAtMs: number;
  leadSource: LeadTimeSource;
  offeredAtMs: number;
  acceptedAtMs: number | null;
  /** The end of the review: Twilio dialed the client. Null if the task ended before that. */
  dialedAtMs: number | null;
  endedAtMs: number | null;
  outcome: TimingOutcome;
};

/** One local calendar day, [startMs, endMs): the glue knows the time zone, the rules don't. */
export type LocalDay = { startMs: number; endMs: number };
/** The day's tasks, oldest offer first. */
export type DayTimings = LocalDay & { tasks: TaskTiming[] };

/** A busy agent takes well under this many offers a day; the bound keeps the view and storage small. */
export const DAY_TASK_LIMIT = 200;
/** Lead ids are short codes: a longer attribute is cut, so that no task can bloat the day's record. */
export const LEAD_ID_MAX = 100;

export function emptyDay(day: LocalDay): DayTimings {
  return { startMs: day.startMs, endMs: day.endMs, tasks: [] };
}

export function isWithinDay(day: LocalDay, ms: number): boolean {
  return ms >= day.startMs && ms < day.endMs;
}

/**
 * Accepted at some point: with our own accept time, or by its outcome (a task first seen in wrap-up
 * after a restart has no accept time we could trust).
 */
export function wasAccepted(t: TaskTiming): boolean {
  return t.acceptedAtMs !== null || ["accepted", "completed", "transferred"].includes(t.outcome);
}

export type TimelinePoint = "lead" | "offered" | "accepted" | "dialed" | "ended";
export type TimelineStep = { from: TimelinePoint; to: TimelinePoint; ms: number };

/** Clock skew between Twilio and this machine must never show a negative time. */
function span(fromMs: number | null, toMs: number | null): number | null {
  return fromMs === null || toMs === null ? null : Math.max(0, toMs - fromMs);
}

/** The lead time, unless it is only the offer's (then "lead to …" would be a made-up zero). */
function knownLeadAtMs(t: TaskTiming): number | null {
  return t.leadSource === "offer" ? null : t.leadAtMs;
}

/**
 * The task's timeline as steps between the points it reached: lead → offered → accepted → dialed
 * → ended. A missed offer goes from offered straight to ended (its outcome says "missed").
 */
export function timelineSteps(t: TaskTiming): TimelineStep[] {
  const points: Array<[TimelinePoint, number | null]> = [
    ["lead", knownLeadAtMs(t)],
    ["offered", t.offeredAtMs],
    ["accepted", t.acceptedAtMs],
    ["dialed", t.dialedAtMs],
    ["ended", t.endedAtMs],
  ];
  const reached = points.filter((p): p is [TimelinePoint, number] => p[1] !== null);
  return reached.slice(1).map(([to, toMs], i) => {
    const [from, fromMs] = reached[i] as [TimelinePoint, number];
    return { from, to, ms: Math.max(0, toMs - fromMs) };
  });
}

export type TaskDurations = {
  leadToOfferMs: number | null;
  offerToAcceptMs: number | null;
  /** The review: from the accept to the dial. */
  acceptToDialMs: number | null;
  leadToDialMs: number | null;
  /** The call and its wrap-up. */
  dialToEndMs: number | null;
};

export function taskDurations(t: TaskTiming): TaskDurations {
  const leadAtMs = knownLeadAtMs(t);
  return {
    leadToOfferMs: span(leadAtMs, t.offeredAtMs),
    offerToAcceptMs: span(t.offeredAtMs, t.acceptedAtMs),
    acceptToDialMs: span(t.acceptedAtMs, t.dialedAtMs),
    leadToDialMs: span(leadAtMs, t.dialedAtMs),
    dialToEndMs: span(t.dialedAtMs, t.endedAtMs),
  };
}
