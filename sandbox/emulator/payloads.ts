import type {
  ActivityRecord,
  ReservationRecord,
  Store,
  TaskRecord,
  TransferRecord,
  WorkerRecord,
} from "./model.ts";
import { nowSeconds } from "./model.ts";

/**
 * JSON shapes the SDK's descriptors validate (docs/taskrouter-wire.md §4). Every listed field
 * must be present: a missing one makes a handler throw inside the socket's onmessage, which under
 * Node wedges the socket. Dates are epoch seconds, `attributes`/`addons` are JSON strings.
 */

export type Json = Record<string, unknown>;

export function activityPayload(store: Store, activity: ActivityRecord): Json {
  return {
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: activity.sid,
    friendly_name: activity.name,
    available: activity.available,
    date_created: activity.dateCreated,
    date_updated: activity.dateCreated,
  };
}

export function workerPayload(store: Store, worker: WorkerRecord): Json {
  const activity = store.activityOf(worker);
  return {
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: worker.sid,
    friendly_name: worker.friendlyName,
    attributes: worker.attributes,
    activity_sid: activity.sid,
    activity_name: activity.name,
    available: activity.available,
    date_created: worker.dateCreated,
    date_updated: worker.dateUpdated,
    date_status_changed: worker.dateStatusChanged,
    version: worker.version,
  };
}

/** The worker's `default` and `voice` channels, capacity 1, available while the activity is. */
export function workerChannelPayloads(store: Store, worker: WorkerRecord): Json[] {
  const available = store.activityOf(worker).available;
  const busy = store
    .reservationsOfWorker(worker.sid)
    .filter((r) => r.status === "accepted" || r.status === "wrapping").length;
  return (["default", "voice"] as const).map((name) => ({
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: worker.channelSids[name],
    worker_sid: worker.sid,
    task_channel_sid: store.workspace.taskChannels[name],
    task_channel_unique_name: name,
    configured_capacity: 1,
    assigned_tasks: name === "voice" ? busy : 0,
    available,
    available_capacity_percentage: name === "voice" && busy > 0 ? 0 : 100,
    date_created: worker.dateCreated,
    date_updated: worker.dateUpdated,
    last_reserved_time: null, // milliseconds on the wire, unlike every other date; null is allowed
  }));
}

export function taskPayload(store: Store, task: TaskRecord): Json {
  const queue = store.queueOf(task);
  return {
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: task.sid,
    attributes: task.attributes,
    addons: "{}",
    age: Math.max(0, nowSeconds() - task.dateCreated),
    assignment_status: task.assignmentStatus,
    priority: task.priority,
    reason: task.reason,
    queue_sid: queue.sid,
    queue_name: queue.name,
    routing_target: task.routingTarget,
    task_channel_sid: store.workspace.taskChannels[task.taskChannel],
    task_channel_unique_name: task.taskChannel,
    timeout: 86400,
    workflow_sid: store.workspace.workflowSid,
    workflow_name: store.workspace.workflowName,
    date_created: task.dateCreated,
    date_updated: task.dateUpdated,
    virtual_start_time: task.dateCreated,
    version: task.version,
  };
}

export function transferPayload(store: Store, transfer: TransferRecord): Json {
  return {
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: transfer.sid,
    task_sid: transfer.taskSid, // REST responses need it (OutgoingTransfer is keyed by it)
    initiating_reservation_sid: transfer.reservationSid,
    initiating_worker_sid: transfer.workerSid,
    initiating_queue_sid: transfer.initiatingQueueSid,
    initiating_workflow_sid: transfer.initiatingWorkflowSid,
    transfer_mode: transfer.mode,
    transfer_to: transfer.to,
    transfer_type: transfer.type,
    transfer_status: transfer.status,
    transfer_failed_reason: transfer.failedReason,
    date_created: transfer.dateCreated,
    date_updated: transfer.dateUpdated,
  };
}

/**
 * A reservation with its nested task, as in reservation.* events, the Active=true list and GET R.
 * `active_outgoing_task_transfer` is only added when there is one (the SDK tests
 * `typeof x === "object"`, so a null would be parsed as a transfer and throw), and never in replies
 * to reservation POSTs (`withTransfer: false`): the SDK parses those with the task ignored, then
 * writes the transfer onto the missing task and throws
 * ("Cannot set properties of null (setting 'outgoingTransferDescriptor')").
 */
export function reservationPayload(
  store: Store,
  reservation: ReservationRecord,
  { withTransfer = true }: { withTransfer?: boolean } = {},
): Json {
  const task = store.tasks.get(reservation.taskSid);
  if (!task) throw new Error(`reservation ${reservation.sid} refers to unknown task ${reservation.taskSid}`);
  const payload: Json = {
    account_sid: store.workspace.accountSid,
    workspace_sid: store.workspace.workspaceSid,
    sid: reservation.sid,
    worker_sid: reservation.workerSid,
    reservation_status: reservation.status,
    reservation_timeout: Math.max(1, Math.ceil(reservation.timeoutSeconds)),
    task: taskPayload(store, task),
    date_created: reservation.dateCreated,
    date_updated: reservation.dateUpdated,
    version: reservation.version,
  };
  const outgoing = reservation.outgoingTransferSid
    ? store.transfers.get(reservation.outgoingTransferSid)
    : null;
  if (outgoing && withTransfer) payload.active_outgoing_task_transfer = transferPayload(store, outgoing);
  return payload;
}

/** The EventBridge list shape: not Twilio's public paging, `after_sid: null` ends the SDK's loop. */
export function listPayload(contents: Json[]): Json {
  return { contents, after_sid: null };
}
