// One reservation's whole life, in one place: its phases, the events that move it, the table of
// (phase, event) → next phase, including the one move the clock makes (review → dialing at the dial
// time), what each move writes on the reservation and what the agent's history then says. Twilio is
// the source of truth for the phase; what we add is timing: the accept deadline and the dial time.
//
// The session (reservation.ts) sits above this file: it hands an event to stepReservation() and
// applies the step it gets back, without asking the table anything more. docs/architecture.md draws
// the table; reservation-table.test.ts fails when the drawing and the table differ.
import { parseTaskAttributes, type TaskAttributes } from "./attributes.ts";
import type { HunkBridgeConfig } from "./config.ts";
import { countdownDeadline, deadlineReached } from "./countdown.ts";
import { classifyOrigin, type TaskOrigin } from "./origin.ts";

/** The phases in which the reservation is over: it leaves the session for the history. */
const ENDED = ["completed", "rejected", "timeout", "canceled", "rescinded", "transferred"] as const;
export type EndedPhase = (typeof ENDED)[number];

export const RESERVATION_PHASES = ["pending", "review", "dialing", "wrapup", ...ENDED] as const;
export type ReservationPhase = (typeof RESERVATION_PHASES)[number];

/** What the agent's history says of a task (reservation-history.ts keeps the entries). */
export const TASK_OUTCOMES = [
  "accepted",
  "missed",
  "transferred",
  "completed",
  "rejected",
  "canceled",
] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

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

/**
 * What Twilio tells us happened to a reservation: the SDK's events, and `transferred`, which the
 * tracker reads off a wrap-up whose task went back to a queue.
 */
export const TWILIO_EVENTS = [
  "accepted",
  "rejected",
  "timeout",
  "canceled",
  "rescinded",
  "wrapup",
  "completed",
  "transferred",
] as const;
export type TwilioEvent = (typeof TWILIO_EVENTS)[number];

/** What the clock makes happen, each at a time of the reservation's own (DUE_AT). */
export const CLOCK_EVENTS = ["reviewElapsed"] as const;
export type ClockEvent = (typeof CLOCK_EVENTS)[number];

export type LifeEvent = TwilioEvent | ClockEvent;
export type TransitionTable = {
  readonly [P in ReservationPhase]: { readonly [E in LifeEvent]?: ReservationPhase };
};

// Every row of the life: from a phase, on an event, to a phase. Everything not listed is an illegal
// transition and is ignored (a duplicate or late event). Canceled and rescinded end a reservation in
// any active phase: Twilio says it is gone, and a ghost task "in hand" would block the agent.
// Rejected and timeout only happen to a pending offer.
export const TRANSITIONS: TransitionTable = {
  pending: {
    accepted: "review",
    rejected: "rejected",
    timeout: "timeout",
    canceled: "canceled",
    rescinded: "rescinded",
  },
  review: {
    reviewElapsed: "dialing",
    wrapup: "wrapup",
    completed: "completed",
    transferred: "transferred",
    canceled: "canceled",
    rescinded: "rescinded",
  },
  dialing: {
    wrapup: "wrapup",
    completed: "completed",
    transferred: "transferred",
    canceled: "canceled",
    rescinded: "rescinded",
  },
  wrapup: {
    completed: "completed",
    transferred: "transferred",
    canceled: "canceled",
    rescinded: "rescinded",
  },
  completed: {},
  rejected: {},
  timeout: {},
  canceled: {},
  rescinded: {},
  transferred: {},
};

export type TimingConfig = Pick<HunkBridgeConfig, "acceptWindowSeconds" | "reviewSeconds">;

/** A reservation as the SDK or REST API reports it, reduced to what we need. */
export type ReservationSnapshot = {
  sid: string;
  taskSid: string;
  /** TaskRouter's reservation_status: pending, accepted, wrapping, completed, rejected, … */
  status: string;
  /** date_created, epoch seconds. */
  dateCreatedSec: number;
  /** date_updated, epoch seconds: for an accepted reservation, when it was accepted (or changed since). */
  dateUpdatedSec?: number;
  /** The task's own date_created, epoch seconds: when the lead entered TaskRouter (speed-to-lead). */
  taskCreatedSec?: number;
  /** The task's attributes: a JSON string or the SDK's parsed object. */
  attributes: unknown;
};

export type TrackedReservation = {
  sid: string;
  taskSid: string;
  origin: TaskOrigin;
  attributes: TaskAttributes;
  attributesError: string | null;
  createdAtMs: number;
  /** When the task was created, if Twilio said: it may have waited in a queue before this offer. */
  taskCreatedAtMs?: number;
  acceptDeadlineMs: number;
  acceptedAtMs?: number;
  dialAtMs?: number;
  phase: ReservationPhase;
  endedAtMs?: number;
};

/** When each clock event falls due: the review is over at the dial time the accept set. */
const DUE_AT: Record<ClockEvent, (reservation: TrackedReservation) => number | undefined> = {
  reviewElapsed: (reservation) => reservation.dialAtMs,
};

/**
 * What an event writes on the reservation besides its phase, and what the agent's history then says.
 * The accept starts the review time: the client is dialed reviewSeconds later (reviewElapsed). A row
 * into an ended phase writes when it ended and records OUTCOME_OF_ENDED.
 */
const ON_EVENT: {
  [E in LifeEvent]?: {
    writes: (atMs: number, config: TimingConfig) => Partial<TrackedReservation>;
    records: TaskOutcome;
  };
} = {
  accepted: {
    writes: (atMs, config) => ({
      acceptedAtMs: atMs,
      dialAtMs: countdownDeadline(atMs, config.reviewSeconds),
    }),
    records: "accepted",
  },
};

export type ReservationEvent =
  /** `atMs`: when the event happened, by the caller's clock. */
  | { type: TwilioEvent; sid: string; atMs: number }
  /** Time passes: the clock's rows whose time has come fire (review → dialing at the dial time). */
  | { type: "tick"; nowMs: number };

/** One row fired on one reservation: all the session needs to apply it. */
export type ReservationStep = {
  /** The reservation after the row (a new object). */
  reservation: TrackedReservation;
  /** The row ended it: it leaves the session. */
  ended: boolean;
  /** What the agent's history now says of it: the accept, or how it ended; null: as it was. */
  outcome: TaskOutcome | null;
  /** When it happened: the event's time, or a clock row's due time. */
  atMs: number;
};

const ENDED_PHASES: ReadonlySet<ReservationPhase> = new Set<EndedPhase>(ENDED);

export function isEndedPhase(phase: ReservationPhase): phase is EndedPhase {
  return ENDED_PHASES.has(phase);
}

/** What the agent's history calls the way a reservation ended. */
export function outcomeOfEnded(phase: EndedPhase): TaskOutcome {
  return OUTCOME_OF_ENDED[phase];
}

/** Accepted and not yet ended: the task the agent is working on. */
export function isAcceptedPhase(phase: ReservationPhase): boolean {
  return phase === "review" || phase === "dialing" || phase === "wrapup";
}

function isTwilioEvent(type: string): type is TwilioEvent {
  return (TWILIO_EVENTS as readonly string[]).includes(type);
}

/** The phase the clock moves this one to, if its row has one. */
function clockTarget(phase: ReservationPhase): ReservationPhase | undefined {
  for (const event of CLOCK_EVENTS) {
    const to = TRANSITIONS[phase][event];
    if (to !== undefined) return to;
  }
  return undefined;
}

/**
 * Accepted, and nothing but time has happened since: the accept's target and where the clock alone
 * leads from there (review, then dialing). A screen-pop missed while away is still worth making.
 */
export function isJustAccepted(phase: ReservationPhase): boolean {
  for (let at = TRANSITIONS.pending.accepted; at !== undefined; at = clockTarget(at)) {
    if (at === phase) return true;
  }
  return false;
}

/** Fires the row (reservation's phase, event), or null: the table has none, nothing happens. */
function fire(
  reservation: TrackedReservation,
  event: LifeEvent,
  atMs: number,
  config: TimingConfig,
): ReservationStep | null {
  const to = TRANSITIONS[reservation.phase][event];
  if (to === undefined) return null;
  const ended = isEndedPhase(to);
  const effect = ON_EVENT[event];
  return {
    reservation: {
      ...reservation,
      phase: to,
      ...effect?.writes(atMs, config),
      ...(ended ? { endedAtMs: atMs } : {}),
    },
    ended,
    outcome: ended ? OUTCOME_OF_ENDED[to] : (effect?.records ?? null),
    atMs,
  };
}

/** The clock's row this reservation has due first, with its time; null when its phase has none. */
function dueRow(reservation: TrackedReservation): { event: ClockEvent; atMs: number } | null {
  let first: { event: ClockEvent; atMs: number } | null = null;
  for (const event of CLOCK_EVENTS) {
    const atMs = TRANSITIONS[reservation.phase][event] === undefined ? undefined : DUE_AT[event](reservation);
    if (atMs !== undefined && Number.isFinite(atMs) && (first === null || atMs < first.atMs)) {
      first = { event, atMs };
    }
  }
  return first;
}

/** When the clock next moves this reservation; null when nothing but Twilio will. */
export function dueAtMs(reservation: TrackedReservation): number | null {
  return dueRow(reservation)?.atMs ?? null;
}

/**
 * Fires the clock's row once its time has come. One row per tick: a clock row's target has none of
 * its own (the table's test holds it to that).
 */
function elapse(
  reservation: TrackedReservation,
  nowMs: number,
  config: TimingConfig,
): ReservationStep | null {
  const due = dueRow(reservation);
  return due !== null && deadlineReached(due.atMs, nowMs)
    ? fire(reservation, due.event, due.atMs, config)
    : null;
}

/**
 * The step one event makes this reservation take; null when the event doesn't apply to it (another
 * reservation, a row the table doesn't have, a clock row not yet due).
 */
export function stepReservation(
  reservation: TrackedReservation,
  event: ReservationEvent,
  config: TimingConfig,
): ReservationStep | null {
  if (event.type === "tick") return elapse(reservation, event.nowMs, config);
  // Only Twilio's events come by message: the clock's rows fire when their time has come, not before.
  if (event.sid !== reservation.sid || !isTwilioEvent(event.type)) return null;
  return fire(reservation, event.type, event.atMs, config);
}

/** The next state of one reservation; the same object when the event doesn't apply to it. */
export function reduceReservation(
  reservation: TrackedReservation,
  event: ReservationEvent,
  config: TimingConfig,
): TrackedReservation {
  return stepReservation(reservation, event, config)?.reservation ?? reservation;
}

function epochMs(seconds: number | undefined): number | null {
  return seconds !== undefined && Number.isFinite(seconds) ? seconds * 1000 : null;
}

/** The accept's row on a snapshot we start tracking: Twilio says it happened, at `atMs`. */
function acceptedAt(pending: TrackedReservation, atMs: number, config: TimingConfig): TrackedReservation {
  return fire(pending, "accepted", atMs, config)?.reservation ?? pending;
}

/**
 * Starts tracking a reservation from a snapshot; null when its status isn't an active one.
 *
 * The accept deadline counts from the reservation's own date_created, not from when we heard of it:
 * a reservation that reaches us 4 s late has 4 s less, exactly as Twilio will time it out. `nowMs`
 * stands in only when date_created is unusable.
 *
 * An "accepted" snapshot needs an accept time to place the dial deadline: `knownAcceptedAtMs` when we
 * saw the accept ourselves, otherwise the reservation's date_updated — the accept is normally the
 * last change to an accepted reservation, so that is the best record Twilio keeps of it. It takes the
 * accept's row, then the clock's if its time has come while we weren't listening.
 */
export function trackSnapshot(
  snapshot: ReservationSnapshot,
  nowMs: number,
  config: TimingConfig,
  knownAcceptedAtMs?: number,
): TrackedReservation | null {
  const { attributes, error } = parseTaskAttributes(snapshot.attributes);
  const createdAtMs = epochMs(snapshot.dateCreatedSec) ?? nowMs;
  const taskCreatedAtMs = epochMs(snapshot.taskCreatedSec);
  const pending: TrackedReservation = {
    sid: snapshot.sid,
    taskSid: snapshot.taskSid,
    origin: classifyOrigin(attributes),
    attributes,
    attributesError: error,
    createdAtMs,
    ...(taskCreatedAtMs === null ? {} : { taskCreatedAtMs }),
    acceptDeadlineMs: countdownDeadline(createdAtMs, config.acceptWindowSeconds),
    phase: "pending",
  };
  switch (snapshot.status) {
    case "pending":
      return pending;
    case "accepted": {
      const accepted = acceptedAt(
        pending,
        knownAcceptedAtMs ?? epochMs(snapshot.dateUpdatedSec) ?? nowMs,
        config,
      );
      return elapse(accepted, nowMs, config)?.reservation ?? accepted;
    }
    // TaskRouter's status is "wrapping"; the SDK's event is "wrapup". date_updated would be the wrap
    // time here, not the accept time, so without our own record the accept time stays unknown: the
    // status alone places the reservation in wrap-up, with no row to take it there.
    case "wrapping":
    case "wrapup":
      return {
        ...(knownAcceptedAtMs === undefined ? pending : acceptedAt(pending, knownAcceptedAtMs, config)),
        phase: "wrapup",
      };
    default:
      return null;
  }
}
