import type {
  CreatedTask,
  CreateTaskInput,
  EmulatorAdmin,
  EmulatorState,
  OutboundCallView,
  ReservationView,
  RoutingStepView,
  TaskView,
  TransferView,
  WorkerView,
} from "./admin-types.ts";
import type { EmulatorContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { pushReservationEvent } from "./events.ts";
import type {
  ActivityName,
  OutboundCallRecord,
  ReservationRecord,
  TaskRecord,
  TransferRecord,
  WorkerRecord,
} from "./model.ts";
import { ACTIVE_RESERVATION_STATUSES } from "./model.ts";
import {
  acceptReservation,
  cancelReservation,
  offerTask,
  requireReservation,
  rescindReservation,
  timeoutReservation,
} from "./reservation-ops.ts";
import { defaultTaskAttributes } from "./task-fixtures.ts";
import { createTask, parseObject } from "./task-ops.ts";
import type { TokenServiceFaults } from "./token-service.ts";
import { signFlexToken } from "./tokens.ts";
import { ensureWorker, requireWorkerByIdentity, setWorkerActivity } from "./worker-ops.ts";

/**
 * The admin operations, in process. The HTTP routes (admin-routes.ts) only check input shapes
 * and call these; tests and the sandbox may call them directly through `emulator.admin`.
 */

export const DEFAULT_ACCEPT_WINDOW_SECONDS = 10;

export function createAdmin(
  ctx: EmulatorContext,
  deps: { faults: TokenServiceFaults; flexTokenSecret: string },
): EmulatorAdmin {
  const { store, hub } = ctx;

  const workerView = (w: WorkerRecord): WorkerView => {
    const activity = store.activityOf(w);
    return {
      sid: w.sid,
      identity: w.identity,
      friendlyName: w.friendlyName,
      activity: activity.name,
      activitySid: activity.sid,
      available: activity.available,
      sockets: hub.count(w.sid),
      attributes: parseObject(w.attributes) ?? {},
    };
  };
  const taskView = (t: TaskRecord): TaskView => ({
    sid: t.sid,
    kind: t.kind,
    attributes: parseObject(t.attributes),
    rawAttributes: t.attributes,
    assignmentStatus: t.assignmentStatus,
    queueSid: t.queueSid,
    queueName: store.queueOf(t).name,
    taskChannel: t.taskChannel,
    routingTarget: t.routingTarget,
    reservationSid: t.reservationSid,
    reason: t.reason,
    routing: t.routing.map((step): RoutingStepView => {
      const at = new Date(step.at * 1000).toISOString();
      if (step.via === "transfer-guard") return { ...step, at };
      return { ...step, queueName: store.queue(step.queueSid)?.name ?? "", at };
    }),
  });
  const reservationView = (r: ReservationRecord): ReservationView => ({
    sid: r.sid,
    status: r.status,
    workerSid: r.workerSid,
    identity: store.workers.get(r.workerSid)?.identity ?? "",
    taskSid: r.taskSid,
    timeoutSeconds: r.timeoutSeconds,
  });
  const transferView = (t: TransferRecord): TransferView => ({
    sid: t.sid,
    taskSid: t.taskSid,
    reservationSid: t.reservationSid,
    workerSid: t.workerSid,
    to: t.to,
    toName: store.queue(t.to)?.name ?? null,
    mode: t.mode,
    type: t.type,
    status: t.status,
    failedReason: t.failedReason,
  });
  const outboundCallView = (c: OutboundCallRecord): OutboundCallView => ({
    taskSid: c.taskSid,
    to: c.to,
    from: c.from,
    workflowSid: c.workflowSid,
    queueSid: c.queueSid,
    queueName: store.queue(c.queueSid)?.name ?? "",
    workerSid: c.workerSid,
    identity: store.workers.get(c.workerSid)?.identity ?? "",
    taskChannel: c.taskChannel,
    attributes: parseObject(c.attributes) ?? {},
    at: new Date(c.at).toISOString(),
  });

  return {
    issueFlexToken: (identity, ttlSeconds, format) =>
      signFlexToken(identity, {
        secret: deps.flexTokenSecret,
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
        ...(format === undefined ? {} : { format }),
      }),

    ensureWorker(identity, activity) {
      const { worker } = ensureWorker(ctx, identity);
      if (activity && store.activityOf(worker).name !== activity) {
        setWorkerActivity(ctx, worker, store.activityByName(activity), "admin");
      }
      return workerView(worker);
    },

    createTask(input: CreateTaskInput): CreatedTask {
      if (input.rawAttributes !== undefined && input.attributes !== undefined) {
        throw badRequest("give attributes or rawAttributes, not both");
      }
      const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_ACCEPT_WINDOW_SECONDS;
      if (!(timeoutSeconds > 0 && timeoutSeconds <= 86400))
        throw badRequest("timeoutSeconds must be in (0, 86400]");
      const worker = requireWorkerByIdentity(ctx, input.identity);
      store.taskCounter += 1;
      const rawAttributes =
        input.rawAttributes ??
        JSON.stringify({ ...defaultTaskAttributes(input.kind, store.taskCounter), ...input.attributes });
      const task = createTask(ctx, input.kind, rawAttributes);
      const reservation = offerTask(ctx, worker, task, timeoutSeconds);
      return {
        taskSid: task.sid,
        reservationSid: reservation.sid,
        workerSid: worker.sid,
        attributes: parseObject(rawAttributes),
        rawAttributes,
      };
    },

    acceptReservation(sid) {
      const reservation = requireReservation(ctx, sid);
      acceptReservation(ctx, reservation, "admin");
      return reservationView(reservation);
    },

    cancelReservation(sid) {
      const reservation = requireReservation(ctx, sid);
      cancelReservation(ctx, reservation);
      return reservationView(reservation);
    },

    rescindReservation(sid) {
      const reservation = requireReservation(ctx, sid);
      rescindReservation(ctx, reservation);
      return reservationView(reservation);
    },

    timeoutReservation(sid) {
      const reservation = requireReservation(ctx, sid);
      timeoutReservation(ctx, reservation);
      return reservationView(reservation);
    },

    setActivity(identity, activity: ActivityName) {
      const worker = requireWorkerByIdentity(ctx, identity);
      setWorkerActivity(ctx, worker, store.activityByName(activity), "admin");
      return workerView(worker);
    },

    dropSockets(identity) {
      const worker = requireWorkerByIdentity(ctx, identity);
      const dropped = hub.drop(worker.sid);
      ctx.log(`dropped ${dropped} socket(s) of ${identity}`);
      return dropped;
    },

    setHeartbeats(enabled) {
      hub.heartbeatsEnabled = enabled;
      ctx.log(`heartbeats ${enabled ? "resumed" : "stopped"}`);
    },

    setTransferGuard(enabled) {
      store.transferGuard.enabled = enabled;
      ctx.log(`transfer guard (the workspace's event callback) ${enabled ? "on" : "off"}`);
    },

    failNextTokenRequests(status, count = 1, retryAfterSeconds = null) {
      deps.faults.failNext(status, count, retryAfterSeconds);
      const after = retryAfterSeconds === null ? "" : `, Retry-After: ${retryAfterSeconds}`;
      ctx.log(`token service: next ${count} request(s) will fail with ${status}${after}`);
    },

    /**
     * Back to a clean workspace without breaking connected clients: open reservations are
     * withdrawn with reservation.canceled (so SDKs drop them), work (tasks, reservations,
     * transfers, the outbound call log) is forgotten, every worker goes back to Unavailable,
     * heartbeats resume and injected token failures are cleared.
     */
    reset() {
      ctx.timers.clearAll();
      for (const r of store.reservations.values()) {
        if (ACTIVE_RESERVATION_STATUSES.includes(r.status)) {
          r.status = "canceled";
          pushReservationEvent(ctx, r, "reservation.canceled");
        }
      }
      store.clearWork();
      const unavailable = store.activityByName("Unavailable");
      for (const worker of store.workers.values()) {
        if (worker.activitySid !== unavailable.sid) setWorkerActivity(ctx, worker, unavailable, "reset");
      }
      hub.heartbeatsEnabled = true;
      store.transferGuard.enabled = true;
      deps.faults.clear();
      ctx.log("reset");
    },

    getState(): EmulatorState {
      return {
        accountSid: store.workspace.accountSid,
        workspaceSid: store.workspace.workspaceSid,
        workflowSid: store.workspace.workflowSid,
        customerServiceQueueSid: store.queues.customerService.sid,
        queues: Object.values(store.queues).map((q) => ({ sid: q.sid, name: q.name })),
        activities: store.activities.map((a) => ({ sid: a.sid, name: a.name, available: a.available })),
        heartbeatsEnabled: hub.heartbeatsEnabled,
        heartbeatMs: hub.intervalMs,
        tokenServiceFailNext: deps.faults.pending,
        workers: [...store.workers.values()].map(workerView),
        tasks: [...store.tasks.values()].map(taskView),
        reservations: [...store.reservations.values()].map(reservationView),
        transfers: [...store.transfers.values()].map(transferView),
        outboundCalls: store.outboundCalls.map(outboundCallView),
        instructions: store.instructions.map((i) => ({ ...i })),
        participantUpdates: store.participantUpdates.map((u) => ({
          reservationSid: u.reservationSid,
          taskSid: u.taskSid,
          workerSid: u.workerSid,
          changes: { ...u.changes },
          at: new Date(u.at).toISOString(),
        })),
        workflowConfiguration: structuredClone(store.workflow.configuration),
        transferGuard: { enabled: store.transferGuard.enabled },
      };
    },
  };
}
