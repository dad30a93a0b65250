// One reservation's life, as a pure reducer. Twilio is the source of truth for the phase; what we add
// is timing: the accept deadline and the moment the review time is over and the client is dialed.
import { parseTaskAttributes, type TaskAttributes } from "./attributes.ts";
import type { HunkBridgeConfig } from "./config.ts";
import { classifyOrigin, type TaskOrigin } from "./origin.ts";

/** The phases in which the reservation is over: it leaves the session for the history. */
const ENDED = ["completed", "rejected", "timeout", "canceled", "rescinded", "transferred"] as const;
export type EndedPhase = (typeof ENDED)[number];

export const RESERVATION_PHASES = ["pending", "review", "dialing", "wrapup", ...ENDED] as const;
export type ReservationPhase = (typeof RESERVATION_PHASES)[number];

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

export type ReservationEvent =
  /** `atMs`: when the event happened, by the caller's clock. */
  | {
      type:
        | "accepted"
        | "wrapup"
        | "completed"
        | "rejected"
        | "timeout"
        | "canceled"
        | "rescinded"
        | "transferred";
      sid: string;
      atMs: number;
    }
  /** Time passes: a reservation under review starts dialing once its dial time is reached. */
  | { type: "tick"; nowMs: number };

type TransitionEvent = Exclude<ReservationEvent, { type: "tick" }>["type"];

// Everything not listed is an illegal transition and is ignored (a duplicate or late event).
// Canceled and rescinded end a reservation in any active phase: Twilio says it is gone, and a ghost
// task "in hand" would block the agent. Rejected and timeout only happen to a pending offer.
const TRANSITIONS: Record<ReservationPhase, Partial<Record<TransitionEvent, ReservationPhase>>> = {
  pending: {
    accepted: "review",
    rejected: "rejected",
    timeout: "timeout",
    canceled: "canceled",
    rescinded: "rescinded",
  },
  review: {
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

const ENDED_PHASES: ReadonlySet<ReservationPhase> = new Set<EndedPhase>(ENDED);

export function isEndedPhase(phase: ReservationPhase): phase is EndedPhase {
  return ENDED_PHASES.has(phase);
}

/** Accepted and not yet ended: the task the agent is working on. */
export function isAcceptedPhase(phase: ReservationPhase): boolean {
  return phase === "review" || phase === "dialing" || phase === "wrapup";
}

function tickReservation(reservation: TrackedReservation, nowMs: number): TrackedReservation {
  const due = reservation.dialAtMs !== undefined && nowMs >= reservation.dialAtMs;
  return reservation.phase === "review" && due ? { ...reservation, phase: "dialing" } : reservation;
}

function accept(reservation: TrackedReservation, atMs: number, config: TimingConfig): TrackedReservation {
  return {
    ...reservation,
    phase: "review",
    acceptedAtMs: atMs,
    dialAtMs: atMs + config.reviewSeconds * 1000,
  };
}

/** The next state of one reservation; the same object when the event doesn't apply to it. */
export function reduceReservation(
  reservation: TrackedReservation,
  event: ReservationEvent,
  config: TimingConfig,
): TrackedReservation {
  if (event.type === "tick") return tickReservation(reservation, event.nowMs);
  if (event.sid !== reservation.sid) return reservation;
  const next = TRANSITIONS[reservation.phase][event.type];
  if (next === undefined) return reservation;
  if (event.type === "accepted") return accept(reservation, event.atMs, config);
  return isEndedPhase(next)
    ? { ...reservation, phase: next, endedAtMs: event.atMs }
    : { ...reservation, phase: next };
}

function epochMs(seconds: number | undefined): number | null {
  return seconds !== undefined && Number.isFinite(seconds) ? seconds * 1000 : null;
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
 * last change to an accepted reservation, so that is the best record Twilio keeps of it.
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
    acceptDeadlineMs: createdAtMs + config.acceptWindowSeconds * 1000,
    phase: "pending",
  };
  switch (snapshot.status) {
    case "pending":
      return pending;
    case "accepted": {
      const acceptedAtMs = knownAcceptedAtMs ?? epochMs(snapshot.dateUpdatedSec) ?? nowMs;
      return tickReservation(accept(pending, acceptedAtMs, config), nowMs);
    }
    // TaskRouter's status is "wrapping"; the SDK's event is "wrapup". date_updated would be the wrap
    // time here, not the accept time, so without our own record the accept time stays unknown.
    case "wrapping":
    case "wrapup":
      return {
        ...(knownAcceptedAtMs === undefined ? pending : accept(pending, knownAcceptedAtMs, config)),
        phase: "wrapup",
      };
    default:
      return null;
  }
}
