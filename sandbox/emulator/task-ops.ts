import type { EmulatorContext } from "./context.ts";
import { touch } from "./context.ts";
import { conflict, notFound } from "./errors.ts";
import { pushReservationEvent, pushTaskEvent } from "./events.ts";
import type { AdminTaskKind, ReservationRecord, TaskChannelName, TaskKind, TaskRecord } from "./model.ts";
import { nowSeconds } from "./model.ts";
import { newSid } from "./sids.ts";
import { routeTask } from "./workflow.ts";

/**
 * Tasks: created by the admin (the workflow's job in real TaskRouter) or, for outbound calls, by a
 * worker (outbound-ops.ts), then wrapped up and completed by the agent through `Tasks/{WT}`
 * AssignmentStatus, or re-described with Attributes.
 */

export function requireTask(ctx: EmulatorContext, sid: string): TaskRecord {
  const task = ctx.store.tasks.get(sid);
  if (!task) throw notFound(`no task ${sid}`);
  return task;
}

export interface NewTask {
  kind: TaskKind;
  /** JSON text, stored and sent verbatim. */
  attributes: string;
  queueSid: string;
  taskChannel: TaskChannelName;
  routingTarget: string | null;
}

/** Records a new pending task; nothing is pushed (only reservation holders hear of tasks). */
export function addTask(ctx: EmulatorContext, fields: NewTask): TaskRecord {
  const now = nowSeconds();
  const task: TaskRecord = {
    sid: newSid("WT"),
    ...fields,
    assignmentStatus: "pending",
    priority: 0,
    reason: null,
    reservationSid: null,
    createdAttributes: fields.attributes,
    routing: [],
    dateCreated: now,
    dateUpdated: now,
    version: 0,
  };
  ctx.store.tasks.set(task.sid, task);
  return task;
}

/**
 * A new pending voice task, put in a queue by the workspace's workflow (workflow.ts: web leads →
 * Outbound Web Leads, inbound callbacks → Inbound Callbacks, unknown → where web leads go); the
 * admin then offers it to a worker. Attributes that are not a JSON object, which Twilio would
 * refuse, go to the kind's queue.
 */
export function createTask(ctx: EmulatorContext, kind: AdminTaskKind, attributes: string): TaskRecord {
  const parsed = parseObject(attributes);
  const routed = parsed === null ? null : routeTask(ctx.store.workflow, parsed);
  const at = nowSeconds();
  if (routed === null) {
    const queue = kind === "weblead" ? ctx.store.queues.webLeads : ctx.store.queues.inbound;
    const task = addTask(ctx, {
      kind,
      attributes,
      queueSid: queue.sid,
      taskChannel: "voice",
      routingTarget: null,
    });
    task.routing.push({ via: "kind", queueSid: queue.sid, at });
    return task;
  }
  const task = addTask(ctx, {
    kind,
    attributes,
    queueSid: routed.queueSid,
    taskChannel: "voice",
    routingTarget: null,
  });
  task.routing.push({ via: "workflow", queueSid: routed.queueSid, filter: routed.filter, at });
  return task;
}

/** Task attributes as TaskRouter stores them (a JSON text) read as an object; null when not one. */
export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function holder(ctx: EmulatorContext, task: TaskRecord): ReservationRecord | undefined {
  return task.reservationSid ? ctx.store.reservations.get(task.reservationSid) : undefined;
}

/** AssignmentStatus=wrapping: task and its accepted reservation wrap up (reservation.wrapup, task.wrapup). */
export function wrapTask(ctx: EmulatorContext, task: TaskRecord, reason: string | undefined): void {
  if (task.assignmentStatus !== "assigned") {
    throw conflict(`cannot wrap up task ${task.sid}: it is ${task.assignmentStatus}`);
  }
  task.assignmentStatus = "wrapping";
  if (reason !== undefined) task.reason = reason;
  touch(task);
  const reservation = holder(ctx, task);
  if (reservation?.status === "accepted") {
    reservation.status = "wrapping";
    touch(reservation);
    pushReservationEvent(ctx, reservation, "reservation.wrapup");
  }
  pushTaskEvent(ctx, task, "task.wrapup");
  ctx.log(`task ${task.sid} wrapping${reason ? ` (${reason})` : ""}`);
}

/** AssignmentStatus=completed: task.completed, then reservation.completed for its holder. */
export function completeTask(ctx: EmulatorContext, task: TaskRecord, reason: string | undefined): void {
  if (task.assignmentStatus !== "assigned" && task.assignmentStatus !== "wrapping") {
    throw conflict(`cannot complete task ${task.sid}: it is ${task.assignmentStatus}`);
  }
  task.assignmentStatus = "completed";
  task.reason = reason ?? task.reason;
  touch(task);
  pushTaskEvent(ctx, task, "task.completed");
  const reservation = holder(ctx, task);
  if (reservation && (reservation.status === "accepted" || reservation.status === "wrapping")) {
    reservation.status = "completed";
    touch(reservation);
    pushReservationEvent(ctx, reservation, "reservation.completed");
  }
  ctx.log(`task ${task.sid} completed${reason ? ` (${reason})` : ""}`);
}

/** Attributes replace the task's attributes (Twilio does not merge), then task.updated. */
export function setTaskAttributes(ctx: EmulatorContext, task: TaskRecord, attributes: string): void {
  task.attributes = attributes;
  touch(task);
  pushTaskEvent(ctx, task, "task.updated");
  ctx.log(`task ${task.sid} attributes updated`);
}
