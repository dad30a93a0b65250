/**
 * Twilio Function `/transfer-guard` (protected: Twilio answers 401 to a request without a valid
 * X-Twilio-Signature, so only Twilio's own webhooks reach it): the Flex workspace's TaskRouter
 * event callback. It keeps weblead and unknown-origin calls out of the customer-service queue,
 * whoever asked for the transfer (lib/transfer-guard; docs/transfer-routing.md). Pointed at by
 * `npm run rule:apply -- --callback-url https://…/transfer-guard`.
 *
 * Environment: TWILIO_WORKSPACE_SID (as for /token) and CUSTOMER_SERVICE_QUEUE_SID (the policy's
 * customerServiceTarget, WQ…). TaskRouter wants an answer within 15 s; the guard answers once it
 * has acted, so a failure is logged where the admin looks (the Function's log).
 */

/** @param {string} name */
function load(name) {
  const entry = Runtime.getFunctions()[name];
  if (!entry) throw new Error(`transfer guard: module ${name} is not deployed`);
  return require(entry.path);
}

/**
 * @typedef {Record<string, unknown> & { getTwilioClient(): import("twilio").Twilio }} GuardContext
 */

/**
 * @param {GuardContext} context
 * @param {Record<string, unknown>} event  TaskRouter's form fields
 * @param {(error: unknown, response?: unknown) => void} callback
 * @param {{ log?: (line: string) => void, port?: import("./lib/transfer-guard.private.js").TaskRouterPort }} [overrides]
 */
async function handler(context, event, callback, overrides = {}) {
  /** @type {typeof import("./lib/transfer-guard.private.js")} */
  const { guardEvent, twilioPort } = load("lib/transfer-guard");
  const log = overrides.log ?? ((/** @type {string} */ line) => console.log(line));
  const response = new Twilio.Response();
  response.setStatusCode(204);
  response.appendHeader("Content-Type", "application/json");
  const workspaceSid = String(context.TWILIO_WORKSPACE_SID ?? "");
  const csQueueSid = String(context.CUSTOMER_SERVICE_QUEUE_SID ?? "");
  if (!/^WS[0-9a-fA-F]{32}$/.test(workspaceSid) || !/^WQ[0-9a-fA-F]{32}$/.test(csQueueSid)) {
    // Names only; the rule is off until the environment is fixed, and every event says so.
    console.error("transfer guard misconfigured: TWILIO_WORKSPACE_SID and CUSTOMER_SERVICE_QUEUE_SID");
    return callback(null, response);
  }
  const fields = /** @type {import("./lib/transfer-guard.private.js").GuardEvent} */ (event);
  try {
    const port = overrides.port ?? twilioPort(context.getTwilioClient(), workspaceSid);
    log(
      `transfer guard: ${fields.EventType ?? "?"} ${await guardEvent(fields, { workspaceSid, csQueueSid }, port)}`,
    );
  } catch (err) {
    const e = /** @type {{ status?: number, message?: string }} */ (err);
    console.error(
      `transfer guard: ${fields.EventType ?? "?"} ${fields.TaskSid ?? "?"} failed: ${e.status ?? ""} ${e.message ?? err}`,
    );
  }
  return callback(null, response);
}

module.exports = { handler };
