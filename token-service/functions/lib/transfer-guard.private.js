/**
 * The transfer guard: the workspace's event callback (docs/transfer-routing.md). Flex's own
 * transfers put a task straight into the target TaskQueue without the workflow, so this is the
 * only place at Twilio that sees a weblead call arrive in the customer-service queue, whoever
 * asked for the transfer. It then takes the task out of customer service's reach.
 *
 * Nothing in the event is trusted beyond "look at this task": the guard reads the task, and the
 * attributes it was created with, from Twilio before it acts, so a forged event can only make it
 * enforce the rule. What it can't do (a CS agent who accepts within the callback's delay, a call
 * sent to a phone number) is in the doc.
 */

/** Task states in which TaskRouter lets a task be canceled (it is waiting in a queue). */
const CANCELABLE = ["pending", "reserved"];
const CANCEL_REASON = "HunkBridge: only inbound calls may be transferred to customer service";

/** @typedef {"weblead" | "inbound" | "unknown"} TaskOrigin */

/**
 * CONTRACT §2, exactly as the extension reads it (src/domain/origin.ts): values are trimmed text
 * (numbers count as text), matching is exact, anything else is unknown and fails closed.
 * @param {unknown} attributes  parsed task attributes
 * @returns {TaskOrigin}
 */
function classifyOrigin(attributes) {
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) return "unknown";
  const attrs = /** @type {Record<string, unknown>} */ (attributes);
  /** @param {string} name */
  const text = (name) => {
    if (!Object.hasOwn(attrs, name)) return null;
    const value = attrs[name];
    if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
    if (typeof value !== "string") return null;
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  };
  const direction = text("direction");
  if (text("type") === "weblead") return "weblead";
  if (text("lead_id") !== null && direction !== "inbound") return "weblead";
  if (direction === "inbound") return "inbound";
  return "unknown";
}

/** @param {unknown} json */
function parseAttributes(json) {
  if (typeof json !== "string") return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/**
 * @typedef {object} GuardEvent  the form fields TaskRouter POSTs (only those the guard reads)
 * @property {string} [EventType]
 * @property {string} [WorkspaceSid]
 * @property {string} [TaskSid]
 * @property {string} [TaskQueueSid]
 * @property {string} [ReservationSid]
 *
 * @typedef {object} TaskFacts  what Twilio says about the task, read by the guard itself
 * @property {string} assignmentStatus
 * @property {string} taskQueueSid
 * @property {string} attributes  JSON text, as now
 * @property {string | null} createdAttributes  JSON text at task.created; null if Twilio has no such event
 * @property {{ sid: string, status: string }[]} reservations
 *
 * @typedef {{ act: "none", why: string }
 *   | { act: "cancel-task", why: string }
 *   | { act: "reject-reservations", reservationSids: string[], why: string }} Decision
 */

/**
 * The whole decision, a pure function of the event and the task as Twilio has it.
 * Allowed only if the task is an inbound call both now and as it was created: an agent's page can
 * rewrite a task's attributes (the SDK's setAttributes, or a transfer's own `attributes`), but not
 * its task.created event.
 *
 * @param {GuardEvent} event
 * @param {TaskFacts} task
 * @param {{ workspaceSid: string, csQueueSid: string }} config
 * @returns {Decision}
 */
function decide(event, task, config) {
  if (event.WorkspaceSid !== config.workspaceSid) return { act: "none", why: "another workspace" };
  const viaReservation =
    event.EventType === "reservation.created" && event.TaskQueueSid === config.csQueueSid;
  if (task.taskQueueSid !== config.csQueueSid && !viaReservation) {
    return { act: "none", why: "not in the customer-service queue" };
  }
  const now = classifyOrigin(parseAttributes(task.attributes));
  const created =
    task.createdAttributes === null ? "unknown" : classifyOrigin(parseAttributes(task.createdAttributes));
  if (now === "inbound" && created === "inbound") return { act: "none", why: "an inbound call" };
  const why = `a ${created === "inbound" ? now : created}-origin task in the customer-service queue`;
  if (CANCELABLE.includes(task.assignmentStatus)) return { act: "cancel-task", why };
  // A WARM transfer: the agent still holds the call; only the offers to customer service go.
  const offered = task.reservations
    .filter((r) => r.status === "pending" && (!viaReservation || r.sid === event.ReservationSid))
    .map((r) => r.sid);
  if (offered.length > 0) return { act: "reject-reservations", reservationSids: offered, why };
  return { act: "none", why: `${why}, but it is ${task.assignmentStatus} with no pending offer` };
}

/**
 * @typedef {object} TaskRouterPort  the Twilio calls the guard makes (the `twilio` library's, or a fake)
 * @property {(taskSid: string) => Promise<{ assignmentStatus: string, taskQueueSid: string, attributes: string }>} fetchTask
 * @property {(taskSid: string) => Promise<string | null>} createdAttributes
 * @property {(taskSid: string) => Promise<{ sid: string, status: string }[]>} reservations
 * @property {(taskSid: string, reason: string) => Promise<void>} cancelTask
 * @property {(taskSid: string, reservationSid: string) => Promise<void>} rejectReservation
 */

/**
 * A TaskRouterPort over a `twilio` client.
 * @param {import("twilio").Twilio} client
 * @param {string} workspaceSid
 * @returns {TaskRouterPort}
 */
function twilioPort(client, workspaceSid) {
  const ws = client.taskrouter.v1.workspaces(workspaceSid);
  return {
    fetchTask: async (sid) => {
      const t = await ws.tasks(sid).fetch();
      return { assignmentStatus: t.assignmentStatus, taskQueueSid: t.taskQueueSid, attributes: t.attributes };
    },
    createdAttributes: async (sid) => {
      const [created] = await ws.events.list({ taskSid: sid, eventType: "task.created", limit: 1 });
      const data = created?.eventData;
      const text = data && typeof data === "object" ? data.task_attributes : undefined;
      return typeof text === "string" ? text : null;
    },
    reservations: async (sid) =>
      (await ws.tasks(sid).reservations.list()).map((r) => ({ sid: r.sid, status: r.reservationStatus })),
    cancelTask: async (sid, reason) => {
      await ws.tasks(sid).update({ assignmentStatus: "canceled", reason });
    },
    rejectReservation: async (taskSid, reservationSid) => {
      await ws.tasks(taskSid).reservations(reservationSid).update({ reservationStatus: "rejected" });
    },
  };
}

/**
 * Handles one event: reads the task, decides, acts. Resolves with what it did (for the log).
 * @param {GuardEvent} event
 * @param {{ workspaceSid: string, csQueueSid: string }} config
 * @param {TaskRouterPort} port
 * @returns {Promise<string>}
 */
async function guardEvent(event, config, port) {
  const taskSid = event.TaskSid;
  if (typeof taskSid !== "string" || !/^WT[0-9a-fA-F]{32}$/.test(taskSid)) return "no task in the event";
  if (event.WorkspaceSid !== config.workspaceSid) return `${taskSid}: another workspace`;
  const task = await port.fetchTask(taskSid);
  const inCs =
    task.taskQueueSid === config.csQueueSid ||
    (event.EventType === "reservation.created" && event.TaskQueueSid === config.csQueueSid);
  const [createdAttributes, reservations] = inCs
    ? await Promise.all([port.createdAttributes(taskSid), port.reservations(taskSid)])
    : [null, []];
  const decision = decide(event, { ...task, createdAttributes, reservations }, config);
  if (decision.act === "cancel-task") {
    await port.cancelTask(taskSid, CANCEL_REASON);
    return `${taskSid}: canceled, ${decision.why}`;
  }
  if (decision.act === "reject-reservations") {
    for (const sid of decision.reservationSids) await port.rejectReservation(taskSid, sid);
    return `${taskSid}: rejected ${decision.reservationSids.join(", ")}, ${decision.why}`;
  }
  return `${taskSid}: left alone, ${decision.why}`;
}

module.exports = { classifyOrigin, decide, guardEvent, twilioPort, CANCEL_REASON };
