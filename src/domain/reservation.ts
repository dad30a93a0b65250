// The agent's side of TaskRouter as one JSON-serialisable state (kept in chrome.storage.session):
// the active reservations, the one task in hand, whether a missed offer set the agent Offline, and
// recent history. Every view reads it through the selectors below.
import type { Countdown } from "./countdown.ts";
import { type HistoryEntry, outcomeOfEnded, recordOutcome } from "./reservation-history.ts";
import type {
  ReservationEvent,
  ReservationPhase,
  ReservationSnapshot,
  TimingConfig,
  TrackedReservation,
} from "./reservation-lifecycle.ts";
import { isAcceptedPhase, isEndedPhase, reduceReservation, trackSnapshot } from "./reservation-lifecycle.ts";

export type { HistoryEntry, TaskOutcome } from "./reservation-history.ts";
export type { ReservationEvent, ReservationPhase, ReservationSnapshot, TimingConfig, TrackedReservation };

export type AgentSession = {
  /** Active reservations (pending, under review, dialing, wrapping up), oldest first. */
  reservations: TrackedReservation[];
  /** The accepted reservation the agent is working on: one call at a time. */
  inHand: string | null;
  /** A missed offer made TaskRouter set the agent Offline; the UI offers one way back to Available. */
  offlineAfterMiss: boolean;
  history: HistoryEntry[];
};

export type SessionEvent =
  | ReservationEvent
  /**
   * A new reservation. `atMs` is when we received it: it stands in for unusable Twilio timestamps and
   * is "now" for a reservation that arrives already accepted. Deadlines count from date_created.
   */
  | { type: "created"; reservation: ReservationSnapshot; atMs: number }
  /** The worker's activity changed; `available` is TaskRouter's flag for that activity. */
  | { type: "activity"; available: boolean };

// The starting state. Reducers never mutate a state (they build new arrays), so sharing it is safe.
export const EMPTY_SESSION: AgentSession = Object.freeze({
  reservations: [],
  inHand: null,
  offlineAfterMiss: false,
  history: [],
});

/** Keeps the current task in hand while it is still accepted, else takes the earliest accepted one. */
function chooseInHand(current: string | null, reservations: TrackedReservation[]): string | null {
  if (reservations.some((r) => r.sid === current && isAcceptedPhase(r.phase))) return current;
  return reservations.find((r) => isAcceptedPhase(r.phase))?.sid ?? null;
}

function withReservations(state: AgentSession, reservations: TrackedReservation[], history = state.history) {
  return { ...state, reservations, history, inHand: chooseInHand(state.inHand, reservations) };
}

function onCreated(
  state: AgentSession,
  event: Extract<SessionEvent, { type: "created" }>,
  config: TimingConfig,
): AgentSession {
  if (state.reservations.some((r) => r.sid === event.reservation.sid)) return state;
  const tracked = trackSnapshot(event.reservation, event.atMs, config);
  if (tracked === null) return state;
  const history = isAcceptedPhase(tracked.phase)
    ? recordOutcome(state.history, tracked, "accepted", event.atMs)
    : state.history;
  return withReservations(state, [...state.reservations, tracked], history);
}

function onReservationEvent(
  state: AgentSession,
  event: Exclude<ReservationEvent, { type: "tick" }>,
  config: TimingConfig,
): AgentSession {
  const current = state.reservations.find((r) => r.sid === event.sid);
  if (current === undefined) return state;
  const next = reduceReservation(current, event, config);
  if (next === current) return state;

  if (isEndedPhase(next.phase)) {
    const history = recordOutcome(state.history, next, outcomeOfEnded(next.phase), event.atMs);
    const session = withReservations(
      state,
      state.reservations.filter((r) => r !== current),
      history,
    );
    // TaskRouter sets the agent Offline after a missed offer.
    return next.phase === "timeout" ? { ...session, offlineAfterMiss: true } : session;
  }
  const history =
    event.type === "accepted" ? recordOutcome(state.history, next, "accepted", event.atMs) : state.history;
  return withReservations(
    state,
    state.reservations.map((r) => (r === current ? next : r)),
    history,
  );
}

/**
 * The next session state. Returns the same object when nothing changed (so callers can skip a
 * storage write); events for unknown reservations and illegal transitions are ignored.
 */
export function reduceSession(state: AgentSession, event: SessionEvent, config: TimingConfig): AgentSession {
  switch (event.type) {
    case "created":
      return onCreated(state, event, config);
    case "activity":
      return event.available && state.offlineAfterMiss ? { ...state, offlineAfterMiss: false } : state;
    case "tick": {
      const reservations = state.reservations.map((r) => reduceReservation(r, event, config));
      return reservations.every((r, i) => r === state.reservations[i]) ? state : { ...state, reservations };
    }
    default:
      return onReservationEvent(state, event, config);
  }
}

/**
 * Rebuilds the session from TaskRouter's list of active reservations, e.g. after the service worker
 * was restarted or the SDK reconnected. `previous` (the stored session, if any) supplies what Twilio
 * doesn't keep: our own accept times, the Offline-after-miss flag and the history. Reservations that
 * are no longer active are dropped; their outcome is unknown, so history is left as it was.
 */
export function restoreFromActive(
  active: ReservationSnapshot[],
  nowMs: number,
  config: TimingConfig,
  previous: AgentSession | null = null,
): AgentSession {
  const reservations: TrackedReservation[] = [];
  for (const snapshot of active) {
    if (reservations.some((r) => r.sid === snapshot.sid)) continue;
    const ours = previous?.reservations.find((r) => r.sid === snapshot.sid);
    const tracked = trackSnapshot(snapshot, nowMs, config, ours?.acceptedAtMs);
    if (tracked !== null) reservations.push(tracked);
  }
  reservations.sort((a, b) => a.createdAtMs - b.createdAtMs);
  return {
    reservations,
    inHand: chooseInHand(previous?.inHand ?? null, reservations),
    offlineAfterMiss: previous?.offlineAfterMiss ?? false,
    history: previous?.history ?? [],
  };
}

/**
 * The task in hand of `restored` when the agent accepted it while we weren't listening (socket down,
 * service worker stopped): in `previous` it was still an offer, or not known at all. That accept
 * never came to us as an event, so its screen-pop is still owed, once: a restore whose `previous`
 * already had it accepted owes nothing.
 */
export function acceptedWhileAway(previous: AgentSession, restored: AgentSession): TrackedReservation | null {
  const inHand = restored.reservations.find((r) => r.sid === restored.inHand);
  if (!inHand || (inHand.phase !== "review" && inHand.phase !== "dialing")) return null;
  const before = previous.reservations.find((r) => r.sid === inHand.sid);
  return before === undefined || before.phase === "pending" ? inHand : null;
}

/**
 * The selectors below read anything shaped like a session: the domain's own AgentSession, and the
 * agent view the service worker sends to the popup and the pages (same fields, display values).
 */
type SessionLike<R> = { reservations: R[]; inHand: string | null };
type ReservationLike = { sid: string; phase: ReservationPhase };

/** Offers waiting for the agent to accept, oldest first. */
export function pendingReservations<R extends ReservationLike>(state: SessionLike<R>): R[] {
  return state.reservations.filter((r) => r.phase === "pending");
}

export function taskInHand<R extends ReservationLike>(state: SessionLike<R>): R | null {
  return state.reservations.find((r) => r.sid === state.inHand) ?? null;
}

/**
 * Another reservation that arrived while a task is in hand. It is shown on its own, never merged
 * into the task in hand (whose client card and countdown must not change under the agent).
 */
export function secondReservationWhileBusy<R extends ReservationLike>(state: SessionLike<R>): R | null {
  if (state.inHand === null) return null;
  return state.reservations.find((r) => r.sid !== state.inHand) ?? null;
}

/**
 * The dial countdown runs while the reservation is under review or dialing and has a dial time:
 * its deadline is then when Twilio dials the client (dialAtMs). Null otherwise: pending, wrap-up,
 * or no dial time. The one rule behind the popup, the Flex overlay and the Hunkware card.
 */
export function dialCountdownDeadline(reservation: {
  phase: ReservationPhase;
  dialAtMs?: number | null;
}): number | null {
  const { phase, dialAtMs } = reservation;
  return (phase === "review" || phase === "dialing") && dialAtMs != null ? dialAtMs : null;
}

/** The countdown a reservation shows: accept while pending, dial while under review or dialing. */
export function reservationCountdown(reservation: {
  phase: ReservationPhase;
  acceptDeadlineMs: number;
  dialAtMs?: number | null;
}): Countdown | null {
  if (reservation.phase === "pending") return { kind: "accept", deadlineMs: reservation.acceptDeadlineMs };
  const dialAtMs = dialCountdownDeadline(reservation);
  return dialAtMs === null ? null : { kind: "dial", deadlineMs: dialAtMs };
}
