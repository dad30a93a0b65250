/**
 * The agent's own TaskRouter connection, beside Flex's: a twilio-taskrouter Worker configured so
 * that it never disturbs the session Flex holds for the same worker
 * (docs/taskrouter-wire.md §1).
 */
import type { Reservation, Worker } from "twilio-taskrouter";
import type { WorkerToken } from "../domain/connection-state.ts";
import { TWILIO_EVENTS, type TwilioEvent } from "../domain/reservation-lifecycle.ts";
import type { ActivityView } from "../protocol/messages.ts";

export type CreateWorker = (token: string, options: Record<string, unknown>) => Worker;

/**
 * The reservation events the SDK emits: the table's Twilio events but `transferred`, which the
 * tracker reads off a wrap-up whose task went back to a queue.
 */
export type ReservationEvent = Exclude<TwilioEvent, "transferred">;
export const RESERVATION_EVENTS: readonly ReservationEvent[] = TWILIO_EVENTS.filter(
  (event): event is ReservationEvent => event !== "transferred",
);

/** The connection's own events (AgentConnection); reservations go to a ReservationSink. */
export interface ConnectionListener {
  /** Initial connection and every reconnect: the SDK has re-read activities and reservations. */
  ready(worker: Worker): void;
  activityChanged(worker: Worker): void;
  disconnected(reason: string): void;
  tokenExpired(): void;
  error(message: string): void;
}

export interface WorkerConnection {
  readonly worker: Worker;
  updateToken(token: string): void;
  close(): void;
}

export function openWorkerConnection(
  createWorker: CreateWorker,
  token: WorkerToken,
  listener: ConnectionListener,
): WorkerConnection {
  const worker = createWorker(token.token, {
    // Never kick Flex's own session for this worker, and never set the agent Offline because
    // Chrome stopped our service worker; never force an activity on (re)connect.
    closeExistingSessions: false,
    setWorkerOfflineIfDisconnected: false,
    logLevel: "silent",
    ...(token.eventBridge ?? {}),
  });
  // Error and disconnect listeners go on first: without them the SDK's errors surface as uncaught
  // errors in the service worker.
  worker.on("error", (error: Error) => listener.error(error?.message ?? String(error)));
  worker.on("disconnected", (info: unknown) => listener.disconnected(disconnectReason(info)));
  worker.on("tokenExpired", () => listener.tokenExpired());
  worker.on("ready", () => listener.ready(worker));
  worker.on("activityUpdated", () => listener.activityChanged(worker));
  return {
    worker,
    updateToken: (next) => worker.updateToken(next),
    close: () => {
      worker.removeAllListeners();
      // A late SDK error after disconnect must not become an uncaught error.
      worker.on("error", () => {});
      worker.disconnect();
    },
  };
}

/** Where the SDK's reservations go (ReservationTracker), straight from the worker. */
export interface ReservationSink {
  /** After the connection's own `ready`: the worker's reservations as TaskRouter has them now. */
  ready(worker: Worker): void;
  created(reservation: Reservation): void;
  changed(reservation: Reservation, event: ReservationEvent): void;
}

/**
 * Sends a worker's reservation events to the sink. Call it right after the worker is opened: its
 * `ready` listener then runs after the connection's, so the view knows the connection is up
 * before the reservations are restored.
 */
export function watchReservations(worker: Worker, sink: ReservationSink): void {
  const watched = new WeakSet<Reservation>();
  const watch = (reservation: Reservation) => {
    if (watched.has(reservation)) return;
    watched.add(reservation);
    for (const event of RESERVATION_EVENTS) reservation.on(event, () => sink.changed(reservation, event));
  };
  worker.on("ready", () => {
    for (const reservation of worker.reservations.values()) watch(reservation);
    sink.ready(worker);
  });
  worker.on("reservationCreated", (reservation: Reservation) => {
    watch(reservation);
    sink.created(reservation);
  });
}

export function activitiesOf(worker: Worker): ActivityView[] {
  return [...worker.activities.values()].map((a) => ({ sid: a.sid, name: a.name, available: a.available }));
}

export function currentActivityOf(worker: Worker): ActivityView | null {
  const a = worker.activity;
  return a ? { sid: a.sid, name: a.name, available: a.available } : null;
}

function disconnectReason(info: unknown): string {
  if (info && typeof info === "object" && "message" in info && typeof info.message === "string") {
    return info.message;
  }
  return "connection closed";
}
