import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.ts";
import { badRequest, EmulatorError, forbidden, notFound, unauthorized } from "./errors.ts";
import { parseJsonObject, readBody, sendError, sendJson } from "./http-io.ts";
import type { WorkerRecord } from "./model.ts";
import { ACTIVE_RESERVATION_STATUSES } from "./model.ts";
import { createOutboundTask } from "./outbound-ops.ts";
import { updateWorkerParticipant } from "./participant-ops.ts";
import type { Json } from "./payloads.ts";
import {
  activityPayload,
  listPayload,
  reservationPayload,
  taskPayload,
  transferPayload,
  workerChannelPayloads,
  workerPayload,
} from "./payloads.ts";
import type { Params } from "./proxy-params.ts";
import { optAttributes, optBoolean, optNumber, optString, reqString } from "./proxy-params.ts";
import {
  acceptReservation,
  completeReservation,
  rejectReservation,
  requireReservation,
  wrapReservation,
} from "./reservation-ops.ts";
import { completeTask, requireTask, setTaskAttributes, wrapTask } from "./task-ops.ts";
import type { WorkerTokens } from "./tokens.ts";
import { cancelTransfer, startTransfer } from "./transfer-ops.ts";
import { setWorkerActivity, setWorkerAttributes } from "./worker-ops.ts";

/**
 * The EventBridge REST proxy, `POST /v1/wschannels`. Every SDK call, reads included, is a POST of
 * `{url, method, params, token}` (JSON labelled x-www-form-urlencoded, token in the body, no auth
 * header). Replies are `{payload}`; errors `{message}` with a 4xx/5xx status, which the SDK turns
 * into a TwilioError carrying that message.
 */

const BODY_LIMIT_BYTES = 1024 * 1024;

interface ProxyCall {
  ctx: EmulatorContext;
  worker: WorkerRecord;
  method: "GET" | "POST";
  /** The url after `Workspaces/{WS}/`, split on "/". */
  path: string[];
  params: Params;
}

export async function handleProxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: EmulatorContext,
  tokens: WorkerTokens,
): Promise<void> {
  try {
    const body = parseJsonObject(await readBody(req, BODY_LIMIT_BYTES));
    const { url, method } = body;
    if (typeof url !== "string" || url === "") throw badRequest("url is required");
    if (method !== "GET" && method !== "POST") throw badRequest("method must be GET or POST");
    const params = body.params ?? {};
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw badRequest("params must be an object");
    }
    const claims = await tokens.verify(body.token);
    const worker = ctx.store.workers.get(claims.workerSid);
    if (!worker) throw unauthorized(`worker ${claims.workerSid} of this token does not exist`);

    const segments = url.split("/").filter(Boolean);
    if (segments[0] !== "Workspaces" || segments[1] !== ctx.store.workspace.workspaceSid) {
      throw notFound(`unknown resource ${url}`);
    }
    const payload = route({ ctx, worker, method, path: segments.slice(2), params: params as Params }, url);
    sendJson(res, 200, { payload });
  } catch (err) {
    // Invalid state transitions are 409 internally; Twilio answers them 400.
    const rendered = err instanceof EmulatorError && err.status === 409 ? badRequest(err.message) : err;
    sendError(res, rendered, "message", ctx.log);
  }
}

function route(call: ProxyCall, url: string): Json {
  const { path, method } = call;
  const [collection, sid, sub, subSid, extra] = path;
  if (collection === "Activities" && sid === undefined && method === "GET") {
    return listPayload(call.ctx.store.activities.map((a) => activityPayload(call.ctx.store, a)));
  }
  if (collection === "Workers" && sid !== undefined && extra === undefined) {
    if (sid !== call.worker.sid) throw forbidden(`this token is not for worker ${sid}`);
    if (sub === undefined)
      return method === "GET" ? workerPayload(call.ctx.store, call.worker) : updateWorker(call);
    if (sub === "WorkerChannels" && subSid === undefined && method === "GET") {
      return listPayload(workerChannelPayloads(call.ctx.store, call.worker));
    }
    if (sub === "Reservations") {
      if (subSid === undefined && method === "GET") return listReservations(call);
      if (subSid !== undefined) return reservationInstance(call, subSid);
    }
    if (sub === "Transfers" && method === "POST") {
      return subSid === undefined ? createTransfer(call) : updateTransfer(call, subSid);
    }
    if (sub === "WorkerParticipant" && subSid === undefined && method === "POST") {
      return updateParticipant(call);
    }
  }
  if (collection === "Tasks" && sid === undefined && method === "POST") return createTask(call);
  if (collection === "Tasks" && sid !== undefined && sub === undefined) return taskInstance(call, sid);
  throw notFound(`the emulator does not implement ${method} ${url}`);
}

function updateWorker({ ctx, worker, params }: ProxyCall): Json {
  // Validate everything before changing anything, so a refused call has no partial effect.
  const attributes = optAttributes(params);
  const activitySid = optString(params, "ActivitySid");
  const rejectPending = optBoolean(params, "RejectPendingReservations") === true;
  const activity = activitySid === undefined ? undefined : ctx.store.activity(activitySid);
  if (activitySid !== undefined && !activity)
    throw badRequest(`ActivitySid ${activitySid} is not an activity`);
  if (rejectPending && activity?.available) {
    throw badRequest("cannot reject pending reservations when going to an available activity");
  }
  if (attributes !== undefined) setWorkerAttributes(ctx, worker, attributes);
  if (activity) {
    if (rejectPending) {
      for (const r of ctx.store.reservationsOfWorker(worker.sid)) {
        if (r.status === "pending") rejectReservation(ctx, r);
      }
    }
    setWorkerActivity(ctx, worker, activity, "requested by the worker");
  }
  return workerPayload(ctx.store, worker);
}

function listReservations({ ctx, worker, params }: ProxyCall): Json {
  const activeOnly = optBoolean(params, "Active") === true;
  const reservations = ctx.store
    .reservationsOfWorker(worker.sid)
    .filter((r) => !activeOnly || ACTIVE_RESERVATION_STATUSES.includes(r.status));
  return listPayload(reservations.map((r) => reservationPayload(ctx.store, r)));
}

/** Where each instruction sends the call (model.ts, InstructionRecord). */
const INSTRUCTION_TARGET = {
  conference: "To",
  dequeue: "DequeueTo",
  call: "CallTo",
  redirect: "RedirectUrl",
} as const;

function recordInstruction(
  { ctx, params }: ProxyCall,
  reservationSid: string,
  instruction: keyof typeof INSTRUCTION_TARGET,
): void {
  const to = optString(params, INSTRUCTION_TARGET[instruction]) ?? null;
  ctx.store.instructions.push({ reservationSid, instruction, to });
}

function reservationInstance(call: ProxyCall, reservationSid: string): Json {
  const { ctx, worker, params } = call;
  const reservation = requireReservation(ctx, reservationSid);
  if (reservation.workerSid !== worker.sid)
    throw forbidden(`reservation ${reservationSid} is not this worker's`);
  if (call.method === "POST") {
    const status = optString(params, "ReservationStatus");
    const instruction = optString(params, "Instruction");
    if (status === "accepted") acceptReservation(ctx, reservation, "ReservationStatus=accepted");
    else if (status === "rejected")
      rejectReservation(ctx, reservation, optString(params, "WorkerActivitySid"));
    else if (status === "wrapping") wrapReservation(ctx, reservation);
    else if (status === "completed") completeReservation(ctx, reservation);
    else if (status !== undefined) throw badRequest(`ReservationStatus ${status} is not supported`);
    else if (instruction === "conference" || instruction === "dequeue" || instruction === "call") {
      acceptReservation(ctx, reservation, `Instruction=${instruction}`);
      recordInstruction(call, reservation.sid, instruction);
    } else if (instruction === "redirect") {
      if (optBoolean(params, "RedirectAccept")) acceptReservation(ctx, reservation, "Instruction=redirect");
      recordInstruction(call, reservation.sid, instruction);
    } else if (instruction !== undefined) throw badRequest(`Instruction ${instruction} is not supported`);
    else throw badRequest("ReservationStatus or Instruction is required");
    return reservationPayload(ctx.store, reservation, { withTransfer: false });
  }
  return reservationPayload(ctx.store, reservation);
}

function taskInstance({ ctx, worker, method, params }: ProxyCall, taskSid: string): Json {
  const task = requireTask(ctx, taskSid);
  if (!ctx.store.reservationsOfTask(task.sid).some((r) => r.workerSid === worker.sid)) {
    throw forbidden(`task ${taskSid} was never reserved for this worker`);
  }
  if (method === "POST") {
    const attributes = optAttributes(params);
    const status = optString(params, "AssignmentStatus");
    const reason = optString(params, "Reason");
    if (attributes === undefined && status === undefined)
      throw badRequest("AssignmentStatus or Attributes is required");
    if (attributes !== undefined) setTaskAttributes(ctx, task, attributes);
    if (status === "wrapping") wrapTask(ctx, task, reason);
    else if (status === "completed") completeTask(ctx, task, reason);
    else if (status !== undefined) throw badRequest(`AssignmentStatus ${status} is not supported`);
  }
  return taskPayload(ctx.store, task);
}

/** `worker.createTask(to, from, …)`: an outbound call's task (outbound-ops.ts), answered as a full task. */
function createTask({ ctx, worker, params }: ProxyCall): Json {
  const attributes = optAttributes(params);
  if (attributes === undefined) throw badRequest("Attributes is required");
  const taskChannelUniqueName = optString(params, "TaskChannelUniqueName");
  const taskChannelSid = optString(params, "TaskChannelSid");
  const task = createOutboundTask(ctx, worker, {
    workflowSid: reqString(params, "WorkflowSid"),
    queueSid: reqString(params, "TaskQueueSid"),
    routingTarget: reqString(params, "RoutingTarget"),
    attributes,
    ...(taskChannelUniqueName === undefined ? {} : { taskChannelUniqueName }),
    ...(taskChannelSid === undefined ? {} : { taskChannelSid }),
  });
  return taskPayload(ctx.store, task);
}

function createTransfer({ ctx, worker, params }: ProxyCall): Json {
  const mode = (optString(params, "Mode") ?? "WARM").toUpperCase();
  if (mode !== "COLD" && mode !== "WARM") throw badRequest("Mode must be COLD or WARM");
  const attributes = optAttributes(params);
  const priority = optNumber(params, "Priority");
  const transfer = startTransfer(ctx, worker, {
    reservationSid: reqString(params, "ReservationSid"),
    taskSid: reqString(params, "TaskSid"),
    to: reqString(params, "To"),
    mode,
    ...(attributes === undefined ? {} : { attributes }),
    ...(priority === undefined ? {} : { priority }),
  });
  return transferPayload(ctx.store, transfer);
}

function updateTransfer({ ctx, worker, params }: ProxyCall, transferSid: string): Json {
  const status = reqString(params, "TransferStatus");
  if (status !== "canceled") throw badRequest(`TransferStatus ${status} is not supported`);
  return transferPayload(ctx.store, cancelTransfer(ctx, worker, transferSid, reqString(params, "TaskSid")));
}

/** `reservation.updateParticipant(...)`: the worker's conference leg (participant-ops.ts). */
function updateParticipant({ ctx, worker, params }: ProxyCall): Json {
  const { ReservationSid: _sid, ...options } = params;
  const reservation = updateWorkerParticipant(ctx, worker, {
    reservationSid: reqString(params, "ReservationSid"),
    options,
  });
  return reservationPayload(ctx.store, reservation, { withTransfer: false });
}
