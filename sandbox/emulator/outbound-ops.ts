import type { EmulatorContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { TaskChannelName, TaskRecord, WorkerRecord } from "./model.ts";
import { TASK_CHANNEL_NAMES } from "./model.ts";
import { hasPrefix } from "./sids.ts";
import { describeTask } from "./task-fixtures.ts";
import { addTask } from "./task-ops.ts";

/**
 * Outbound calls: `worker.createTask(to, from, workflowSid, taskQueueSid, options)`, which Flex's
 * StartOutboundCall action uses for manual dialing, is `POST Workspaces/{WS}/Tasks` (API v1) with
 * `{WorkflowSid, TaskQueueSid, RoutingTarget: <the worker's sid>, Attributes: {...options.attributes,
 * outbound_to: to, from}, TaskChannelUniqueName?, TaskChannelSid?, VirtualStartTime?}`; the SDK
 * reads only `sid` from the reply.
 */

export interface OutboundTaskRequest {
  workflowSid: string;
  queueSid: string;
  routingTarget: string;
  /** JSON text (the proxy serialises the object the SDK sends). */
  attributes: string;
  taskChannelUniqueName?: string;
  taskChannelSid?: string;
}

function attributesObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("Attributes is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw badRequest("Attributes must be a JSON object");
  return value as Record<string, unknown>;
}

function requiredAttribute(attributes: Record<string, unknown>, name: string, what: string): string {
  const value = attributes[name];
  if (typeof value !== "string" || value.trim() === "")
    throw badRequest(`Attributes.${name} (${what}) must be a non-empty string`);
  return value;
}

/** TaskChannelUniqueName and/or TaskChannelSid; Twilio puts a task without either on `default`. */
function taskChannel(ctx: EmulatorContext, req: OutboundTaskRequest): TaskChannelName {
  const byName =
    req.taskChannelUniqueName === undefined
      ? undefined
      : TASK_CHANNEL_NAMES.find((name) => name === req.taskChannelUniqueName);
  if (req.taskChannelUniqueName !== undefined && !byName) {
    throw badRequest(
      `TaskChannelUniqueName ${req.taskChannelUniqueName} is not a task channel of this workspace (${TASK_CHANNEL_NAMES.join(", ")})`,
    );
  }
  const bySid = req.taskChannelSid === undefined ? undefined : ctx.store.taskChannelBySid(req.taskChannelSid);
  if (req.taskChannelSid !== undefined && !bySid)
    throw badRequest(`TaskChannelSid ${req.taskChannelSid} is not a task channel of this workspace`);
  if (byName && bySid && byName !== bySid) {
    throw badRequest(
      `TaskChannelSid ${req.taskChannelSid} is the ${bySid} channel, not TaskChannelUniqueName ${byName}`,
    );
  }
  return byName ?? bySid ?? "default";
}

/**
 * Creates the pending task of an outbound call and logs the request in `store.outboundCalls`.
 * Everything is checked before anything is recorded, so a refused call (400) leaves no trace.
 *
 * Limit: in real TaskRouter the workflow then reserves the task for its RoutingTarget, Flex
 * auto-accepts that reservation and Twilio dials `outbound_to` into a conference. The emulator
 * models none of it: no reservation is made, no event is pushed, no call is placed; the task stays
 * `pending` (so the worker cannot wrap or complete it through `Tasks/{WT}` either). Tests read
 * what was asked for from the admin state's `outboundCalls`. VirtualStartTime, which the SDK may
 * send, is ignored (virtual_start_time stays the creation time).
 */
export function createOutboundTask(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  req: OutboundTaskRequest,
): TaskRecord {
  const { workspace } = ctx.store;
  if (req.workflowSid !== workspace.workflowSid) {
    throw badRequest(
      hasPrefix(req.workflowSid, "WW")
        ? `WorkflowSid ${req.workflowSid} is not a Workflow of this workspace`
        : `WorkflowSid ${req.workflowSid} is not a Workflow sid (WW…)`,
    );
  }
  const queue = ctx.store.queue(req.queueSid);
  if (!queue) throw badRequest(`TaskQueueSid ${req.queueSid} is not a TaskQueue of this workspace`);
  // Stricter than Twilio, which routes to any worker of the workspace: a worker dials out for itself.
  if (req.routingTarget !== worker.sid) {
    throw badRequest(
      `RoutingTarget ${req.routingTarget} is not the calling worker ${worker.sid}: the emulator only ` +
        "creates outbound tasks routed to the worker that creates them",
    );
  }
  const attributes = attributesObject(req.attributes);
  const to = requiredAttribute(attributes, "outbound_to", "the number to dial");
  const from = requiredAttribute(attributes, "from", "the caller id");
  const channel = taskChannel(ctx, req);

  const task = addTask(ctx, {
    kind: "outbound",
    attributes: req.attributes,
    queueSid: queue.sid,
    taskChannel: channel,
    routingTarget: worker.sid,
  });
  ctx.store.outboundCalls.push({
    taskSid: task.sid,
    to,
    from,
    workflowSid: workspace.workflowSid,
    queueSid: queue.sid,
    workerSid: worker.sid,
    taskChannel: channel,
    attributes: req.attributes,
    at: Date.now(),
  });
  ctx.log(
    `task ${task.sid} created by ${worker.identity} (${describeTask(task.kind, task.attributes)} from ${from}), ` +
      `${queue.name}, ${channel} channel; no call placed, no reservation`,
  );
  return task;
}
