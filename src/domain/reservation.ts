// The agent's side of TaskRouter as one JSON-serialisable state (kept in chrome.storage.session):
// the active reservations, the one task in hand, whether a missed offer set the agent Offline, and
// recent history. Every view reads it through the selectors below.
//
// This layer sits above one reservation's life (reservation-lifecycle.ts): it hands each event to
// stepReservation() and applies the step it gets back to the list, the task in hand, the history
// and the Offline flag. The table decides every move; nothing here names a phase to move to.
import type { Countdown } from "./countdown.ts";
import { type HistoryEntry, recordOutcome } from "./reservation-history.ts";
import type {
  ReservationEvent,
  ReservationPhase,
  ReservationSnapshot,
  ReservationStep,
  TimingConfig,
  TrackedReservation,
} from "./reservation-lifecycle.ts";
import {
  dueAtMs,
  isAcceptedPhase,
  isJustAccepted,
  stepReservation,
  trackSnapshot,
} from "./reservation-lifecycle.ts";

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

/** What one event did to the session. */
export type SessionStep = {
  /** The next session: the same object when nothing changed (so callers can skip a storage write). */
  session: AgentSession;
  /** The reservation this event's accept took in (the object now in `session`): its screen-pop is due. */
  accepted: TrackedReservation | null;
};

// The starting state. Reducers never mutate a state (they build new arrays), so sharing it is safe.
export const EMPTY_SESSION: AgentSession = Object.freeze({
  reservations: [],
  inHand: null,
  offlineAfterMiss: false,
  history: [],
});

/**
 * The task in hand is the live call (under review or dialing: `isJustAccepted`). The current one
 * stays while it is live: a second accept never takes the client from under the agent. Else the
 * call accepted last that is live: an older task in wrap-up gives way to the call just accepted,
 * whose card, countdown, fill and transfer rule are the ones that matter now. With no live call,
 * the current one while still in wrap-up, else the earliest accepted.
 */
function chooseInHand(current: string | null, reservations: TrackedReservation[]): string | null {
  const held = reservations.find((r) => r.sid === current);
  if (held && isJustAccepted(held.phase)) return held.sid;
  let live: TrackedReservation | null = null;
  for (const r of reservations) {
    if (isJustAccepted(r.phase) && (live === null || (r.acceptedAtMs ?? 0) >= (live.acceptedAtMs ?? 0)))
      live = r;
  }
  if (live) return live.sid;
  if (held && isAcceptedPhase(held.phase)) return held.sid;
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
  // It joins its life already accepted: the accept happened before we heard of it.
  const history = isAcceptedPhase(tracked.phase)
    ? recordOutcome(state.history, tracked, "accepted", event.atMs)
    : state.history;
  return withReservations(state, [...state.reservations, tracked], history);
}

/** Puts `step` in place of `before`: an ended reservation leaves for the history. */
function applyStep(state: AgentSession, before: TrackedReservation, step: ReservationStep): AgentSession {
  const { reservation, ended, outcome, atMs } = step;
  const history = outcome === null ? state.history : recordOutcome(state.history, reservation, outcome, atMs);
  const reservations = ended
    ? state.reservations.filter((r) => r !== before)
    : state.reservations.map((r) => (r === before ? reservation : r));
  const session = withReservations(state, reservations, history);
  // TaskRouter sets the agent Offline after a missed offer.
  return outcome === "missed" ? { ...session, offlineAfterMiss: true } : session;
}

/** Each reservation the event applies to (its own, or every one whose clock row is due) takes its step. */
function onReservationEvent(state: AgentSession, event: ReservationEvent, config: TimingConfig): SessionStep {
  let result: SessionStep = { session: state, accepted: null };
  for (const before of state.reservations) {
    const step = stepReservation(before, event, config);
    if (step === null) continue;
    result = {
      session: applyStep(result.session, before, step),
      accepted: step.outcome === "accepted" ? step.reservation : result.accepted,
    };
  }
  return result;
}

/**
 * What one event does to the session. Events for unknown reservations and rows the table doesn't
 * have change nothing (the same session comes back).
 */
export function stepSession(state: AgentSession, event: SessionEvent, config: TimingConfig): SessionStep {
  switch (event.type) {
    case "created":
      return { session: onCreated(state, event, config), accepted: null };
    case "activity": {
      const back = event.available && state.offlineAfterMiss;
      return { session: back ? { ...state, offlineAfterMiss: false } : state, accepted: null };
    }
    default:
      return onReservationEvent(state, event, config);
  }
}

/** The next session state: stepSession() without what it accepted. */
export function reduceSession(state: AgentSession, event: SessionEvent, config: TimingConfig): AgentSession {
  return stepSession(state, event, config).session;
}

/** When the clock next moves one of the session's reservations (a review ends); null if never. */
export function nextDueAtMs(session: AgentSession): number | null {
  const due = session.reservations.map(dueAtMs).filter((atMs) => atMs !== null);
  return due.length === 0 ? null : Math.min(...due);
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
  if (!inHand || !isJustAccepted(inHand.phase)) return null;
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
 * Another reservation that arrived while a task is in hand (an offer, or a call accepted while
 * busy). It is shown on its own, never merged into the task in hand (whose client card and
 * countdown must not change under the agent). A task in wrap-up is done with: not shown.
 */
export function secondReservationWhileBusy<R extends ReservationLike>(state: SessionLike<R>): R | null {
  if (state.inHand === null) return null;
  return state.reservations.find((r) => r.sid !== state.inHand && r.phase !== "wrapup") ?? null;
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
