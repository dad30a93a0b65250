/**
 * The admin's Twilio kit: what apply.js and check.js share. It reads the workspace through
 * Twilio's own `twilio` library and hands it to the pure rule (workflow-guard.js). Run from an
 * admin's machine, never deployed: the serverless toolkit uploads functions/ and assets/ only.
 */
const { parseArgs } = require("node:util");
const twilio = require("twilio");
const { checkWorkflow, parseConfiguration, planCallback, planWorkspace } = require("./workflow-guard.js");

const SID = {
  workspace: /^WS[0-9a-fA-F]{32}$/,
  queue: /^WQ[0-9a-fA-F]{32}$/,
};

/**
 * @typedef {object} Options
 * @property {string} workspaceSid
 * @property {string} csQueueSid  customerServiceTarget (CONTRACT §1)
 * @property {string} [callbackUrl]  https URL of the deployed transfer-guard Function
 * @property {string} [defaultQueueSid]  where tasks go that a customer-service default_filter took
 * @property {boolean} replaceCallback
 * @property {boolean} dryRun
 */

class UsageError extends Error {}

/**
 * node:util's parseArgs, its complaints (unknown option, missing value) as usage errors.
 * @param {import("node:util").ParseArgsConfig} config
 */
function parseStrict(config) {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * @param {string[]} argv  arguments after the script's name
 * @param {{ apply: boolean }} mode
 * @returns {Options}
 */
function readOptions(argv, { apply }) {
  const { values } = parseStrict({
    args: argv,
    options: {
      workspace: { type: "string" },
      "cs-queue": { type: "string" },
      "callback-url": { type: "string" },
      ...(apply
        ? {
            "default-queue": { type: "string" },
            "replace-callback": { type: "boolean", default: false },
            "dry-run": { type: "boolean", default: false },
          }
        : {}),
    },
    strict: true,
    allowPositionals: false,
  });
  const workspaceSid = values.workspace;
  const csQueueSid = values["cs-queue"];
  if (typeof workspaceSid !== "string" || !SID.workspace.test(workspaceSid)) {
    throw new UsageError("--workspace must be the Flex workspace's sid, WS + 32 hex digits");
  }
  if (typeof csQueueSid !== "string" || !SID.queue.test(csQueueSid)) {
    throw new UsageError("--cs-queue must be customerServiceTarget, WQ + 32 hex digits");
  }
  const callbackUrl = values["callback-url"];
  if (callbackUrl !== undefined && !/^https:\/\/[^/\s]+\/\S*$/.test(String(callbackUrl))) {
    throw new UsageError("--callback-url must be the https URL of the transfer-guard Function");
  }
  const defaultQueueSid = values["default-queue"];
  if (defaultQueueSid !== undefined && !SID.queue.test(String(defaultQueueSid))) {
    throw new UsageError("--default-queue must be a TaskQueue sid, WQ + 32 hex digits");
  }
  if (defaultQueueSid === csQueueSid) throw new UsageError("--default-queue must not be --cs-queue");
  return {
    workspaceSid,
    csQueueSid,
    ...(callbackUrl === undefined ? {} : { callbackUrl: String(callbackUrl) }),
    ...(defaultQueueSid === undefined ? {} : { defaultQueueSid: String(defaultQueueSid) }),
    replaceCallback: values["replace-callback"] === true,
    dryRun: values["dry-run"] === true,
  };
}

/**
 * A Twilio client from the environment: an API key (TWILIO_API_KEY, TWILIO_API_SECRET) with the
 * account sid, or the account's auth token. The names of the token service's .env work too.
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, unknown>} [clientOptions]  e.g. an httpClient (tests)
 */
function clientFromEnv(env, clientOptions = {}) {
  const accountSid = env.TWILIO_ACCOUNT_SID || env.ACCOUNT_SID;
  if (!accountSid || !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new UsageError("set TWILIO_ACCOUNT_SID (or ACCOUNT_SID) to the account's AC… sid");
  }
  const apiKey = env.TWILIO_API_KEY;
  const apiSecret = env.TWILIO_API_SECRET;
  const authToken = env.TWILIO_AUTH_TOKEN || env.AUTH_TOKEN;
  if (apiKey && apiSecret) return twilio(apiKey, apiSecret, { accountSid, ...clientOptions });
  if (authToken) return twilio(accountSid, authToken, clientOptions);
  throw new UsageError(
    "set TWILIO_API_KEY and TWILIO_API_SECRET, or TWILIO_AUTH_TOKEN (or AUTH_TOKEN), in the environment",
  );
}

/**
 * What Twilio says about the workspace, in the pure rule's terms.
 * @param {import("twilio").Twilio} client
 * @param {Options} options
 */
async function readWorkspace(client, options) {
  const workspace = client.taskrouter.v1.workspaces(options.workspaceSid);
  const [info, queue, workflows] = await Promise.all([
    workspace.fetch(),
    workspace
      .taskQueues(options.csQueueSid)
      .fetch()
      .catch((/** @type {{ status?: number }} */ err) => {
        if (err.status === 404) return null;
        throw err;
      }),
    workspace.workflows.list(),
  ]);
  return {
    friendlyName: info.friendlyName,
    csQueue: queue === null ? null : { sid: queue.sid, friendlyName: queue.friendlyName },
    callback: { eventCallbackUrl: info.eventCallbackUrl ?? null, eventsFilter: info.eventsFilter ?? null },
    workflows: workflows.map((w) => ({
      sid: w.sid,
      friendlyName: w.friendlyName,
      configuration: w.configuration,
    })),
  };
}

/**
 * check: prints what is missing for the rule; resolves with the exit code (0: nothing missing).
 * @param {import("twilio").Twilio} client
 * @param {Options} options
 * @param {(line: string) => void} print
 */
async function check(client, options, print) {
  const ws = await readWorkspace(client, options);
  print(`workspace "${ws.friendlyName}" (${options.workspaceSid})`);
  if (ws.csQueue === null) {
    print(`missing: ${options.csQueueSid} is not a TaskQueue of this workspace (customerServiceTarget?)`);
    return 1;
  }
  print(`customer service: "${ws.csQueue.friendlyName}" (${ws.csQueue.sid})`);
  /** @type {string[]} */
  const missing = [];
  for (const workflow of ws.workflows) {
    const label = `workflow "${workflow.friendlyName}" (${workflow.sid})`;
    const parsed = parseConfiguration(workflow.configuration);
    if (!parsed.ok) missing.push(`${label}: ${parsed.problem}`);
    else missing.push(...checkWorkflow(parsed.config, options.csQueueSid).map((m) => `${label}: ${m}`));
  }
  const callback = planCallback(ws.callback, options);
  missing.push(...callback.problems.map((p) => `workspace: ${p}`));
  missing.push(...callback.changes.map((c) => `workspace: ${c}`));
  if (options.callbackUrl === undefined && ws.callback.eventCallbackUrl) {
    print(
      `event callback: ${ws.callback.eventCallbackUrl} (give --callback-url to check it is the transfer guard)`,
    );
  }
  for (const line of missing) print(`missing: ${line}`);
  print(missing.length === 0 ? "the rule is in place" : `${missing.length} thing(s) missing`);
  return missing.length === 0 ? 0 : 1;
}

/**
 * apply: merges the rule into every workflow and points the event callback at the guard; prints
 * each change. Idempotent: a second run changes nothing. Resolves with the exit code (1 when
 * something could not be applied; what could be was).
 * @param {import("twilio").Twilio} client
 * @param {Options} options
 * @param {(line: string) => void} print
 */
async function apply(client, options, print) {
  const ws = await readWorkspace(client, options);
  print(`workspace "${ws.friendlyName}" (${options.workspaceSid})${options.dryRun ? ", dry run" : ""}`);
  if (ws.csQueue === null) {
    print(`cannot apply: ${options.csQueueSid} is not a TaskQueue of this workspace`);
    return 1;
  }
  const plan = planWorkspace(ws, options);
  const verb = options.dryRun ? "would change" : "changed";
  for (const update of plan.workflowUpdates) {
    if (!options.dryRun) {
      await client.taskrouter.v1
        .workspaces(options.workspaceSid)
        .workflows(update.sid)
        .update({ configuration: update.configuration });
    }
    for (const change of update.changes) print(`${verb}: ${change}`);
  }
  if (plan.callbackUpdate !== null) {
    if (!options.dryRun) {
      await client.taskrouter.v1.workspaces(options.workspaceSid).update({
        eventCallbackUrl: plan.callbackUpdate.eventCallbackUrl ?? "",
        ...(plan.callbackUpdate.eventsFilter === null
          ? {}
          : { eventsFilter: plan.callbackUpdate.eventsFilter }),
      });
    }
    for (const change of plan.callbackChanges) print(`${verb}: ${change}`);
  }
  for (const problem of plan.problems) print(`not applied: ${problem}`);
  const changed = plan.workflowUpdates.length > 0 || plan.callbackUpdate !== null;
  if (!changed && plan.problems.length === 0) print("nothing to change: the rule is in place");
  return plan.problems.length === 0 ? 0 : 1;
}

/**
 * The commands' main: options from argv, credentials from env; exit code 2 for a usage error.
 * @param {"apply" | "check"} command
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @param {{ print?: (line: string) => void, clientOptions?: Record<string, unknown> }} [io]
 */
async function main(command, argv, env, io = {}) {
  const print = io.print ?? ((/** @type {string} */ line) => console.log(line));
  try {
    const options = readOptions(argv, { apply: command === "apply" });
    const client = clientFromEnv(env, io.clientOptions);
    return await (command === "apply" ? apply : check)(client, options, print);
  } catch (err) {
    if (err instanceof UsageError) {
      print(`${command}: ${err.message}`);
      print(
        `usage: npm run rule:${command} -- --workspace WS… --cs-queue WQ… [--callback-url https://…/transfer-guard]` +
          (command === "apply" ? " [--default-queue WQ…] [--replace-callback] [--dry-run]" : ""),
      );
      return 2;
    }
    const e = /** @type {{ status?: number, message?: string }} */ (err);
    print(`${command}: Twilio refused: ${e.status ?? ""} ${e.message ?? String(err)}`.replace(/\s+/g, " "));
    return 1;
  }
}

module.exports = { main, readOptions, clientFromEnv, readWorkspace, check, apply, UsageError };
