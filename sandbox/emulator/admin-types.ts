import type {
  ActivityName,
  AdminTaskKind,
  ReservationStatus,
  TaskChannelName,
  TaskKind,
  TaskStatus,
  TransferMode,
  TransferStatus,
} from "./model.ts";
import type { FlexTokenFormat } from "./tokens.ts";
import type { WorkflowConfiguration } from "./workflow.ts";

/** Types of the admin API, shared by the in-process handle (emulator.admin) and the HTTP routes. */

export type InjectableTokenFailure = 401 | 500 | 503;

export interface WorkerView {
  sid: string;
  identity: string;
  friendlyName: string;
  activity: ActivityName;
  activitySid: string;
  available: boolean;
  /** Open EventBridge sockets (Flex page, extension service worker, …). */
  sockets: number;
  attributes: Record<string, unknown>;
}

export interface TaskView {
  sid: string;
  kind: TaskKind;
  /** Parsed attributes; null when the raw text is not a JSON object. */
  attributes: Record<string, unknown> | null;
  rawAttributes: string;
  assignmentStatus: TaskStatus;
  queueSid: string;
  queueName: string;
  taskChannel: TaskChannelName;
  /** The worker an outbound task is routed to (Twilio's RoutingTarget); null otherwise. */
  routingTarget: string | null;
  reservationSid: string | null;
  reason: string | null;
  /**
   * Every queue the task entered and why, oldest first: the workflow (with the filter that took
   * it), a transfer, or the transfer guard taking it out of customer service.
   */
  routing: RoutingStepView[];
}

export type RoutingStepView =
  | { via: "workflow"; queueSid: string; queueName: string; filter: string | null; at: string }
  | { via: "kind"; queueSid: string; queueName: string; at: string }
  | {
      via: "transfer";
      queueSid: string;
      queueName: string;
      transferSid: string;
      mode: TransferMode;
      at: string;
    }
  | { via: "transfer-guard"; action: "canceled" | "transfer-failed"; reason: string; at: string };

export interface ReservationView {
  sid: string;
  status: ReservationStatus;
  workerSid: string;
  identity: string;
  taskSid: string;
  timeoutSeconds: number;
}

export interface TransferView {
  sid: string;
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  to: string;
  toName: string | null;
  mode: TransferMode;
  type: "QUEUE" | "WORKER";
  status: TransferStatus;
  /** Why it failed (e.g. the transfer guard), else null. */
  failedReason: string | null;
}

/**
 * One `worker.createTask(to, from, workflowSid, queueSid, options)` (Flex's StartOutboundCall).
 * The emulator records the request and its task; it places no call and makes no reservation.
 */
export interface OutboundCallView {
  taskSid: string;
  /** The number to dial: the task's `outbound_to` attribute. */
  to: string;
  /** The caller id: the task's `from` attribute. */
  from: string;
  workflowSid: string;
  queueSid: string;
  queueName: string;
  workerSid: string;
  identity: string;
  taskChannel: TaskChannelName;
  /** The task's attributes as created (the caller's, plus `outbound_to` and `from`). */
  attributes: Record<string, unknown>;
  /** When the request arrived, ISO 8601. */
  at: string;
}

/** One `reservation.updateParticipant(...)`: the worker's conference leg (participant-ops.ts). */
export interface ParticipantUpdateView {
  reservationSid: string;
  taskSid: string;
  workerSid: string;
  changes: { endConferenceOnExit?: boolean; mute?: boolean; beepOnExit?: boolean };
  /** When the request arrived, ISO 8601. */
  at: string;
}

export interface EmulatorState {
  accountSid: string;
  workspaceSid: string;
  /** The workspace's only workflow: the `workflowSid` that `worker.createTask` must name. */
  workflowSid: string;
  customerServiceQueueSid: string;
  queues: { sid: string; name: string }[];
  activities: { sid: string; name: ActivityName; available: boolean }[];
  heartbeatsEnabled: boolean;
  heartbeatMs: number;
  tokenServiceFailNext: { status: number; count: number } | null;
  workers: WorkerView[];
  tasks: TaskView[];
  reservations: ReservationView[];
  transfers: TransferView[];
  /** Outbound call requests, oldest first. */
  outboundCalls: OutboundCallView[];
  /** Worker-participant updates (`reservation.updateParticipant`), oldest first. */
  participantUpdates: ParticipantUpdateView[];
  /** Reservation instructions as sent, oldest first: where each sends the call (null: the worker). */
  instructions: Array<{ reservationSid: string; instruction: string; to: string | null }>;
  /** The workspace's workflow configuration (seeded with HunkBridge's rule; workflow.ts). */
  workflowConfiguration: WorkflowConfiguration;
  /** The workspace's event callback, HunkBridge's transfer guard (transfer-guard.ts). */
  transferGuard: { enabled: boolean };
}

export interface CreateTaskInput {
  identity: string;
  kind: AdminTaskKind;
  /** Merged over the kind's default attributes. */
  attributes?: Record<string, unknown>;
  /** Sent verbatim as the task's attributes (e.g. malformed JSON); excludes `attributes`. */
  rawAttributes?: string;
  /** Accept window in seconds (fractions allowed for fast tests); default 10. */
  timeoutSeconds?: number;
}

export interface CreatedTask {
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  attributes: Record<string, unknown> | null;
  rawAttributes: string;
}

/** In-process equivalent of the /admin HTTP API; throws EmulatorError (400/404/409) on refusal. */
export interface EmulatorAdmin {
  /** A sandbox Flex token: a five-part JWE like Twilio's, or (`"jwt"`) an older Flex's three-part JWT. */
  issueFlexToken(identity: string, ttlSeconds?: number, format?: FlexTokenFormat): Promise<string>;
  ensureWorker(identity: string, activity?: ActivityName): WorkerView;
  createTask(input: CreateTaskInput): CreatedTask;
  /** Accepts as another client of the same worker would (when Flex itself cannot, e.g. unreadable attributes). */
  acceptReservation(reservationSid: string): ReservationView;
  cancelReservation(reservationSid: string): ReservationView;
  rescindReservation(reservationSid: string): ReservationView;
  /** Ends the accept window now (same effect as the timer running out). */
  timeoutReservation(reservationSid: string): ReservationView;
  setActivity(identity: string, activity: ActivityName): WorkerView;
  /** Cuts the worker's sockets as a network drop would; returns how many were open. */
  dropSockets(identity: string): number;
  setHeartbeats(enabled: boolean): void;
  /** Turns the emulated event callback (the transfer guard) on or off; reset() turns it on. */
  setTransferGuard(enabled: boolean): void;
  /** `retryAfterSeconds`: sent as Retry-After with each of them. */
  failNextTokenRequests(
    status: InjectableTokenFailure,
    count?: number,
    retryAfterSeconds?: number | null,
  ): void;
  reset(): void;
  getState(): EmulatorState;
}
