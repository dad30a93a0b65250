/**
 * Feeds the SDK's reservation events into the domain's session reducer, keeps the session in
 * chrome.storage.session so a restarted service worker picks up where it left off, and tells
 * the rest of the worker what happened (a new offer, an accept, anything that changes the view).
 */
import type { Reservation, Worker } from "twilio-taskrouter";
import {
  type AgentSession,
  acceptedWhileAway,
  EMPTY_SESSION,
  nextDueAtMs,
  type ReservationSnapshot,
  restoreFromActive,
  type SessionEvent,
  stepSession,
  type TimingConfig,
  type TrackedReservation,
} from "../domain/reservation.ts";
import type { Timers } from "./agent-connection.ts";
import type { Persisted } from "./persisted.ts";
import type { ReservationEvent, ReservationSink } from "./worker-connection.ts";

export interface TrackerDeps {
  now: () => number;
  timers: Timers;
  /** stores.ts `session`. */
  store: Persisted<AgentSession>;
  timing: () => TimingConfig;
  /** Every change of the session, for the view, the badge and the notifications. */
  changed(session: AgentSession): void;
  /**
   * The agent accepted this reservation: time for the screen-pop. The change is announced
   * (views, storage) once the returned promise settles, so the browser gets the navigation first.
   */
  accepted(reservation: TrackedReservation): Promise<unknown> | undefined;
  /** The original text of a task's attributes that were not JSON. */
  unreadableAttributes?: (taskSid: string) => string | undefined;
}

/**
 * `unreadable` gives the original text of attributes that were not JSON (the SDK only ever saw
 * "{}" for those), so the agent is told what could not be read.
 */
export function snapshotOf(
  reservation: Reservation,
  unreadable: (taskSid: string) => string | undefined = () => undefined,
): ReservationSnapshot {
  // The task is `{}` when the SDK could not build it; its attributes are then absent.
  const task = reservation.task as Partial<Reservation["task"]> | undefined;
  const taskSid = task?.sid ?? "";
  return {
    sid: reservation.sid,
    taskSid,
    status: reservation.status,
    dateCreatedSec: epochSeconds(reservation.dateCreated),
    dateUpdatedSec: epochSeconds(reservation.dateUpdated),
    taskCreatedSec: epochSeconds(task?.dateCreated),
    attributes: unreadable(taskSid) ?? task?.attributes,
  };
}

export class ReservationTracker implements ReservationSink {
  private session: AgentSession = EMPTY_SESSION;
  private tickTimer: unknown = null;

  constructor(private readonly deps: TrackerDeps) {}

  /** What the previous service-worker instance knew; the SDK's `ready` then corrects it. */
  async restore(): Promise<AgentSession> {
    this.session = (await this.deps.store.load()) ?? EMPTY_SESSION;
    this.scheduleTick();
    return this.session;
  }

  get current(): AgentSession {
    return this.session;
  }

  ready(worker: Worker): void {
    const snapshots = [...worker.reservations.values()].map((r) =>
      snapshotOf(r, this.deps.unreadableAttributes),
    );
    const restored = restoreFromActive(snapshots, this.deps.now(), this.deps.timing(), this.session);
    // An accept we never heard of (socket down, worker stopped) still owes its screen-pop, once.
    const owed = acceptedWhileAway(this.session, restored);
    if (owed) this.popThenAnnounce(restored, owed);
    else this.commit(restored);
  }

  created(reservation: Reservation): void {
    this.apply({
      type: "created",
      reservation: snapshotOf(reservation, this.deps.unreadableAttributes),
      atMs: this.deps.now(),
    });
  }

  changed(reservation: Reservation, event: ReservationEvent): void {
    const type = event === "wrapup" && wasTransferredAway(reservation) ? "transferred" : event;
    this.apply({ type, sid: reservation.sid, atMs: this.deps.now() });
  }

  /**
   * The agent is signed out, or another agent signed in: nothing of their clients is shown or kept
   * any longer (CONTRACT §2 data is the company's, not the browser's).
   */
  forgetAll(): void {
    this.commit(EMPTY_SESSION);
  }

  activity(available: boolean): void {
    this.apply({ type: "activity", available });
  }

  /**
   * A duplicate or late event changes nothing, so nothing happens twice; the step that accepted a
   * reservation (the table's accept row, never a restore) owes its screen-pop.
   */
  private apply(event: SessionEvent): void {
    const { session, accepted } = stepSession(this.session, event, this.deps.timing());
    if (accepted) this.popThenAnnounce(session, accepted);
    else this.commit(session);
  }

  /** The screen-pop is the hot path: start it, and tell every page once the browser has it. */
  private popThenAnnounce(next: AgentSession, accepted: TrackedReservation): void {
    this.session = next;
    this.scheduleTick();
    const announce = () => this.announce(this.session);
    void Promise.resolve(this.deps.accepted(accepted)).then(announce, announce);
  }

  private commit(next: AgentSession): void {
    if (next === this.session) return;
    this.session = next;
    this.scheduleTick();
    this.announce(next);
  }

  private announce(session: AgentSession): void {
    this.deps.changed(session);
    // The empty session is kept as none: what forgetAll cleared stays cleared, even when a
    // screen-pop's late announce comes after it.
    const stored = session === EMPTY_SESSION ? this.deps.store.clear() : this.deps.store.save(session);
    void stored.catch((error: unknown) => console.error("HunkBridge: could not keep the session", error));
  }

  /** The table's clock rows (review → dialing at the dial time): one timer for the next one due. */
  private scheduleTick(): void {
    if (this.tickTimer !== null) this.deps.timers.clear(this.tickTimer);
    this.tickTimer = null;
    const now = this.deps.now();
    const next = nextDueAtMs(this.session);
    if (next === null) return;
    this.tickTimer = this.deps.timers.set(
      () => {
        this.tickTimer = null;
        this.apply({ type: "tick", nowMs: this.deps.now() });
      },
      Math.max(0, next - now),
    );
  }
}

/**
 * A cold transfer wraps the agent's reservation up while the task itself goes back to a queue
 * (pending or reserved for someone else); a plain hang-up leaves the task wrapping with us.
 */
function wasTransferredAway(reservation: Reservation): boolean {
  const status = (reservation.task as Partial<Reservation["task"]> | undefined)?.status;
  return status === "pending" || status === "reserved";
}

function epochSeconds(date: Date | undefined): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  return Number.isFinite(ms) ? ms / 1000 : Number.NaN;
}
