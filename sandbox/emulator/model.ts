import { newSid } from "./sids.ts";
import type { CompiledWorkflow } from "./workflow.ts";
import { compileWorkflow, seededWorkflow } from "./workflow.ts";

/**
 * The emulator's in-memory TaskRouter workspace. Records hold plain data only; payloads.ts turns
 * them into the JSON shapes the SDK validates, and the *-ops.ts modules change them and push events.
 * Dates are epoch seconds, as on the wire.
 */

export const ACTIVITY_NAMES = ["Offline", "Unavailable", "Available", "Break"] as const;
export type ActivityName = (typeof ACTIVITY_NAMES)[number];

/**
 * Where a task came from: the admin creates `weblead` and `inbound` tasks (CHHJ's workflow's job
 * in real TaskRouter); a worker creates an `outbound` task to dial out (SDK `worker.createTask`).
 */
export type TaskKind = "weblead" | "inbound" | "outbound";
/** The kinds the admin API creates. */
export type AdminTaskKind = Exclude<TaskKind, "outbound">;
/** The workspace's task channels (every worker has one WorkerChannel per channel). */
export type TaskChannelName = "default" | "voice";
export const TASK_CHANNEL_NAMES: readonly TaskChannelName[] = ["default", "voice"];
export type TaskStatus = "pending" | "reserved" | "assigned" | "wrapping" | "completed" | "canceled";
export type ReservationStatus =
  | "pending"
  | "accepted"
  | "rejected"
  | "timeout"
  | "canceled"
  | "rescinded"
  | "wrapping"
  | "completed";
export type TransferMode = "COLD" | "WARM";
export type TransferStatus = "initiated" | "failed" | "complete" | "canceled";

/** Reservation states the SDK lists with Active=true and that still need a worker's attention. */
export const ACTIVE_RESERVATION_STATUSES: readonly ReservationStatus[] = ["pending", "accepted", "wrapping"];

export interface ActivityRecord {
  sid: string;
  name: ActivityName;
  available: boolean;
  dateCreated: number;
}

export interface QueueRecord {
  sid: string;
  name: string;
}

export interface WorkerRecord {
  sid: string;
  identity: string;
  friendlyName: string;
  activitySid: string;
  /** JSON text, as Twilio stores it. */
  attributes: string;
  /** One WorkerChannel per task channel (`default`, `voice`). */
  channelSids: Record<TaskChannelName, string>;
  dateCreated: number;
  dateUpdated: number;
  dateStatusChanged: number;
  version: number;
}

export interface TaskRecord {
  sid: string;
  kind: TaskKind;
  /** JSON text, sent verbatim (may be malformed on purpose, see admin rawAttributes). */
  attributes: string;
  assignmentStatus: TaskStatus;
  queueSid: string;
  taskChannel: TaskChannelName;
  /** The one worker the task may go to (Twilio's RoutingTarget); null for workflow-routed tasks. */
  routingTarget: string | null;
  priority: number;
  reason: string | null;
  /** The reservation currently holding the task; null once it was transferred away or released. */
  reservationSid: string | null;
  /** The attributes the task was created with (Twilio keeps them in its task.created event). */
  createdAttributes: string;
  /** Every queue the task entered and why, oldest first (admin state, transfer-routing.md). */
  routing: RoutingStep[];
  dateCreated: number;
  dateUpdated: number;
  version: number;
}

export interface ReservationRecord {
  sid: string;
  taskSid: string;
  workerSid: string;
  status: ReservationStatus;
  timeoutSeconds: number;
  /** The transfer this reservation started, if any (sent as active_outgoing_task_transfer). */
  outgoingTransferSid: string | null;
  dateCreated: number;
  dateUpdated: number;
  version: number;
}

export interface TransferRecord {
  sid: string;
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  /** Queue and workflow the task was in when the transfer started. */
  initiatingQueueSid: string;
  initiatingWorkflowSid: string;
  to: string;
  mode: TransferMode;
  type: "QUEUE" | "WORKER";
  status: TransferStatus;
  /** Why a failed transfer failed (transfer_failed_reason). */
  failedReason: string | null;
  dateCreated: number;
  dateUpdated: number;
}

/**
 * One step of a task's way through the workspace: the workflow put it in a queue, a transfer moved
 * it, or the workspace's event callback (the transfer guard) took it out of customer service.
 */
export type RoutingStep =
  | { via: "workflow"; queueSid: string; filter: string | null; at: number }
  | { via: "kind"; queueSid: string; at: number }
  | { via: "transfer"; queueSid: string; transferSid: string; mode: TransferMode; at: number }
  | { via: "transfer-guard"; action: "canceled" | "transfer-failed"; reason: string; at: number };

/**
 * One `worker.createTask(to, from, …)` (Flex's StartOutboundCall): the task it created and what
 * was asked for, kept in order for tests, since the emulator places no call.
 */
export interface OutboundCallRecord {
  taskSid: string;
  to: string;
  from: string;
  workflowSid: string;
  queueSid: string;
  workerSid: string;
  taskChannel: TaskChannelName;
  /** JSON text of the task's attributes (an object with string `outbound_to` and `from`). */
  attributes: string;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * One `reservation.updateParticipant(...)` (WorkerParticipant, participant-ops.ts): what was asked
 * of the worker's conference leg, kept in order for tests, since the emulator has no conference.
 */
export interface ParticipantUpdateRecord {
  reservationSid: string;
  taskSid: string;
  workerSid: string;
  changes: { endConferenceOnExit?: boolean; mute?: boolean; beepOnExit?: boolean };
  /** Epoch milliseconds. */
  at: number;
}

/** Fixed per emulator instance: the account, workspace and routing objects every payload refers to. */
export interface WorkspaceInfo {
  accountSid: string;
  workspaceSid: string;
  workflowSid: string;
  workflowName: string;
  signingKeySid: string;
  taskChannels: Record<TaskChannelName, string>;
  dateCreated: number;
}

/**
 * A reservation instruction as the SDK sent it (POST Reservations/{sid} with `Instruction`): where it
 * sends the call, from the parameter Twilio's Reservation resource names for it (`To` for
 * conference, `DequeueTo`, `CallTo`, `RedirectUrl`; twilio-taskrouter 2.1.1's
 * RESERVATION_*_OPTIONS), or null when none was sent (the worker's own contact URI).
 */
export interface InstructionRecord {
  reservationSid: string;
  instruction: "conference" | "dequeue" | "call" | "redirect";
  to: string | null;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class Store {
  readonly workspace: WorkspaceInfo;
  readonly activities: readonly ActivityRecord[];
  readonly queues: { webLeads: QueueRecord; inbound: QueueRecord; customerService: QueueRecord };
  readonly workers = new Map<string, WorkerRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly reservations = new Map<string, ReservationRecord>();
  readonly transfers = new Map<string, TransferRecord>();
  /** Outbound call requests, oldest first. */
  readonly outboundCalls: OutboundCallRecord[] = [];
  /** Worker-participant updates, oldest first. */
  readonly participantUpdates: ParticipantUpdateRecord[] = [];
  /** Reservation instructions (conference, dequeue, call, redirect) as sent, oldest first. */
  readonly instructions: InstructionRecord[] = [];
  /** Sequence numbers for readable fixture data (lead ids, phone numbers). */
  taskCounter = 0;
  /** The workspace's workflow (workflow.ts), seeded with HunkBridge's rule. */
  workflow: CompiledWorkflow;
  /** The workspace's event callback: HunkBridge's transfer guard (transfer-guard.ts), on unless turned off. */
  readonly transferGuard = { enabled: true };

  constructor() {
    const created = nowSeconds();
    this.workspace = {
      accountSid: newSid("AC"),
      workspaceSid: newSid("WS"),
      workflowSid: newSid("WW"),
      workflowName: "Assign to Agent",
      signingKeySid: newSid("SK"),
      taskChannels: { default: newSid("TC"), voice: newSid("TC") },
      dateCreated: created,
    };
    this.activities = ACTIVITY_NAMES.map((name) => ({
      sid: newSid("WA"),
      name,
      available: name === "Available",
      dateCreated: created,
    }));
    this.queues = {
      webLeads: { sid: newSid("WQ"), name: "Outbound Web Leads" },
      inbound: { sid: newSid("WQ"), name: "Inbound Callbacks" },
      customerService: { sid: newSid("WQ"), name: "Customer Service" },
    };
    this.workflow = compileWorkflow(
      seededWorkflow({
        webLeads: this.queues.webLeads.sid,
        inbound: this.queues.inbound.sid,
        customerService: this.queues.customerService.sid,
      }),
      Object.values(this.queues).map((q) => q.sid),
    );
  }

  activityByName(name: ActivityName): ActivityRecord {
    const activity = this.activities.find((a) => a.name === name);
    if (!activity) throw new Error(`activity ${name} missing from the workspace`);
    return activity;
  }

  activity(sid: string): ActivityRecord | undefined {
    return this.activities.find((a) => a.sid === sid);
  }

  /** The activity a worker is in; every worker's activitySid comes from `activities`. */
  activityOf(worker: WorkerRecord): ActivityRecord {
    const activity = this.activity(worker.activitySid);
    if (!activity) throw new Error(`worker ${worker.sid} has unknown activity ${worker.activitySid}`);
    return activity;
  }

  queue(sid: string): QueueRecord | undefined {
    return Object.values(this.queues).find((q) => q.sid === sid);
  }

  queueOf(task: TaskRecord): QueueRecord {
    const queue = this.queue(task.queueSid);
    if (!queue) throw new Error(`task ${task.sid} is in unknown queue ${task.queueSid}`);
    return queue;
  }

  workerByIdentity(identity: string): WorkerRecord | undefined {
    for (const worker of this.workers.values()) if (worker.identity === identity) return worker;
    return undefined;
  }

  reservationsOfWorker(workerSid: string): ReservationRecord[] {
    return [...this.reservations.values()].filter((r) => r.workerSid === workerSid);
  }

  reservationsOfTask(taskSid: string): ReservationRecord[] {
    return [...this.reservations.values()].filter((r) => r.taskSid === taskSid);
  }

  /** The task channel with this sid, if the workspace has it. */
  taskChannelBySid(sid: string): TaskChannelName | undefined {
    return TASK_CHANNEL_NAMES.find((name) => this.workspace.taskChannels[name] === sid);
  }

  /**
   * Forget every task, reservation, transfer, outbound call and participant update (workers,
   * activities and queues stay).
   */
  clearWork(): void {
    this.tasks.clear();
    this.reservations.clear();
    this.transfers.clear();
    this.outboundCalls.length = 0;
    this.participantUpdates.length = 0;
    this.instructions.length = 0;
    this.taskCounter = 0;
  }
}
