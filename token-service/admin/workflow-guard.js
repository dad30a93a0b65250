/**
 * The rule at Twilio, as pure functions of a workspace's configuration (no Twilio calls here, so
 * it unit-tests): "a task that is not an inbound call never reaches the customer-service queue".
 *
 * Two parts (docs/transfer-routing.md says why both, and what neither can stop):
 * - every workflow filter with a target in the customer-service TaskQueue gets the conjunct
 *   `(direction == "inbound" AND type != "weblead") AND (<its expression>)`, so the workflow
 *   routes no weblead or unknown-origin task there (the workflow is what routes new tasks, and
 *   transfers built as new tasks, as the professional-services template's chat transfers are);
 * - the workspace's event callback goes to the transfer-guard Function, which sees Flex's own
 *   transfers: TaskRouter puts those straight into the target queue, without the workflow.
 */
const rule = require("./rule.json");

/** The conjunct every customer-service filter must start with. */
const INBOUND_ONLY = rule.inboundOnly;
const GUARD_PREFIX = `(${INBOUND_ONLY}) AND (`;
/** Events the transfer guard acts on (the workspace's EventsFilter must let them through). */
const GUARD_EVENTS = /** @type {string[]} */ (rule.guardEvents);

/**
 * @typedef {{ queue?: string, expression?: string, [key: string]: unknown }} Target
 * @typedef {{ filter_friendly_name?: string, expression?: string, targets?: Target[], [key: string]: unknown }} Filter
 * @typedef {{ task_routing?: { filters?: Filter[], default_filter?: { queue?: string, [key: string]: unknown }, [key: string]: unknown }, [key: string]: unknown }} WorkflowConfiguration
 * @typedef {{ sid: string, friendlyName: string, configuration: string }} Workflow
 * @typedef {{ eventCallbackUrl: string | null, eventsFilter: string | null }} WorkspaceCallback
 */

/** Whitespace-insensitive, so a configuration Twilio re-formats still reads as guarded. */
const squash = (/** @type {string} */ text) => text.replace(/\s+/g, " ").trim();

/** @param {string | undefined} expression */
function isGuarded(expression) {
  if (typeof expression !== "string") return false;
  const text = squash(expression);
  if (text === squash(INBOUND_ONLY)) return true;
  const prefix = squash(GUARD_PREFIX);
  if (!text.startsWith(prefix)) return false;
  // The conjunct binds the whole rest only if the parenthesis the prefix opens closes at the very
  // end: `(guard) AND (a) OR b` would let `b` through on its own.
  let depth = 1;
  let quote = "";
  for (let i = prefix.length; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "(") {
      depth += 1;
    } else if (c === ")") {
      depth -= 1;
      if (depth === 0) return i === text.length - 1;
    }
  }
  return false;
}

/** @param {string} expression */
function guard(expression) {
  return `${GUARD_PREFIX}${expression})`;
}

/** @param {Filter} filter @param {string} csQueueSid */
const targetsCs = (filter, csQueueSid) => (filter.targets ?? []).some((t) => t.queue === csQueueSid);

/** @param {Filter} filter @param {number} index */
const filterName = (filter, index) => filter.filter_friendly_name ?? `filter ${index + 1}`;

/**
 * @param {string} text
 * @returns {{ ok: true, config: WorkflowConfiguration } | { ok: false, problem: string }}
 */
function parseConfiguration(text) {
  try {
    const config = JSON.parse(text);
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      return { ok: false, problem: "its configuration is not a JSON object" };
    }
    const routing = config.task_routing;
    if (typeof routing !== "object" || routing === null || Array.isArray(routing)) {
      return { ok: false, problem: "its configuration has no task_routing object" };
    }
    if (routing.filters !== undefined && !Array.isArray(routing.filters)) {
      return { ok: false, problem: "its task_routing.filters is not a list" };
    }
    return { ok: true, config };
  } catch {
    return { ok: false, problem: "its configuration is not JSON" };
  }
}

/**
 * The workflow configuration with the rule merged in, and what that changed (empty when it was
 * already there: applying twice changes nothing).
 *
 * - A filter whose targets include the customer-service queue gets the inbound-only conjunct.
 *   If it also has other targets, a copy without the customer-service targets and without the
 *   conjunct follows it, so a weblead task still reaches those other queues as before.
 * - A default_filter in the customer-service queue cannot carry an expression: with
 *   `defaultQueueSid` it becomes a last filter (inbound only, customer service) and the default
 *   moves to that queue; without it, that is a problem the caller reports.
 *
 * @param {WorkflowConfiguration} config
 * @param {{ csQueueSid: string, defaultQueueSid?: string }} options
 * @returns {{ config: WorkflowConfiguration, changes: string[], problems: string[] }}
 */
function guardWorkflow(config, { csQueueSid, defaultQueueSid }) {
  /** @type {WorkflowConfiguration} */
  const next = structuredClone(config);
  const routing = next.task_routing ?? {};
  next.task_routing = routing;
  /** @type {string[]} */
  const changes = [];
  /** @type {string[]} */
  const problems = [];
  /** @type {Filter[]} */
  const filters = [];
  (routing.filters ?? []).forEach((filter, index) => {
    const name = filterName(filter, index);
    if (!targetsCs(filter, csQueueSid) || isGuarded(filter.expression)) {
      filters.push(filter);
      return;
    }
    if (typeof filter.expression !== "string" || filter.expression.trim() === "") {
      problems.push(`filter "${name}" routes to customer service but has no expression to guard`);
      filters.push(filter);
      return;
    }
    filters.push({ ...filter, expression: guard(filter.expression) });
    changes.push(`filter "${name}": only inbound calls may take its customer-service target`);
    const others = (filter.targets ?? []).filter((t) => t.queue !== csQueueSid);
    if (others.length > 0) {
      filters.push({ ...filter, filter_friendly_name: `${name}${rule.splitSuffix}`, targets: others });
      changes.push(`filter "${name}${rule.splitSuffix}" added: its other targets, for every task as before`);
    }
  });
  if (routing.default_filter?.queue === csQueueSid) {
    if (defaultQueueSid === undefined) {
      problems.push(
        "the default filter routes to customer service, where any task no filter matches would go: " +
          "give --default-queue WQ… for those tasks",
      );
    } else {
      filters.push({
        filter_friendly_name: rule.defaultFilterName,
        expression: INBOUND_ONLY,
        targets: [{ ...routing.default_filter, queue: csQueueSid }],
      });
      routing.default_filter = { ...routing.default_filter, queue: defaultQueueSid };
      changes.push(
        `default filter: inbound calls still go to customer service, other tasks to ${defaultQueueSid}`,
      );
    }
  }
  routing.filters = filters;
  return { config: next, changes, problems };
}

/**
 * What is missing for the rule in one workflow configuration (empty: nothing).
 * @param {WorkflowConfiguration} config
 * @param {string} csQueueSid
 * @returns {string[]}
 */
function checkWorkflow(config, csQueueSid) {
  /** @type {string[]} */
  const missing = [];
  (config.task_routing?.filters ?? []).forEach((filter, index) => {
    if (targetsCs(filter, csQueueSid) && !isGuarded(filter.expression)) {
      missing.push(
        `filter "${filterName(filter, index)}" routes to customer service without "${INBOUND_ONLY}"`,
      );
    }
  });
  if (config.task_routing?.default_filter?.queue === csQueueSid) {
    missing.push("the default filter routes to customer service (any task no filter matches)");
  }
  return missing;
}

/**
 * The workspace's event callback, as the rule needs it: the transfer-guard URL, and an
 * EventsFilter that is empty (every event) or lets the guard's events through.
 *
 * @param {WorkspaceCallback} current
 * @param {{ callbackUrl?: string, replaceCallback?: boolean }} options
 * @returns {{ update: WorkspaceCallback | null, changes: string[], problems: string[] }}
 */
function planCallback(current, { callbackUrl, replaceCallback = false }) {
  /** @type {string[]} */
  const changes = [];
  /** @type {string[]} */
  const problems = [];
  const url = current.eventCallbackUrl ?? "";
  let nextUrl = url;
  if (callbackUrl === undefined) {
    if (url === "") problems.push("no event callback: give --callback-url https://…/transfer-guard");
  } else if (url !== callbackUrl) {
    if (url !== "" && !replaceCallback) {
      problems.push(
        `the workspace's event callback already goes to ${url}: a workspace has one, so ` +
          "--replace-callback replaces it (whatever used it stops getting events)",
      );
    } else {
      nextUrl = callbackUrl;
      changes.push(`event callback: ${url === "" ? "none" : url} → ${callbackUrl}`);
    }
  }
  const filter = (current.eventsFilter ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  let nextFilter = current.eventsFilter ?? "";
  const lacking = filter.length === 0 ? [] : GUARD_EVENTS.filter((e) => !filter.includes(e));
  if (lacking.length > 0) {
    nextFilter = [...filter, ...lacking].join(",");
    changes.push(`event filter: add ${lacking.join(", ")}`);
  }
  const update =
    nextUrl !== url || nextFilter !== (current.eventsFilter ?? "")
      ? { eventCallbackUrl: nextUrl, eventsFilter: nextFilter === "" ? null : nextFilter }
      : null;
  return { update, changes, problems };
}

/**
 * Everything apply would do to one workspace, from what Twilio said about it. check reports the
 * same list as what is missing.
 *
 * @param {{ callback: WorkspaceCallback, workflows: Workflow[] }} workspace
 * @param {{ csQueueSid: string, defaultQueueSid?: string, callbackUrl?: string, replaceCallback?: boolean }} options
 */
function planWorkspace(workspace, options) {
  /** @type {{ sid: string, friendlyName: string, configuration: string, changes: string[] }[]} */
  const workflowUpdates = [];
  /** @type {string[]} */
  const problems = [];
  for (const workflow of workspace.workflows) {
    const label = `workflow "${workflow.friendlyName}" (${workflow.sid})`;
    const parsed = parseConfiguration(workflow.configuration);
    if (!parsed.ok) {
      problems.push(`${label}: ${parsed.problem}`);
      continue;
    }
    const guarded = guardWorkflow(parsed.config, options);
    problems.push(...guarded.problems.map((p) => `${label}: ${p}`));
    if (guarded.changes.length > 0) {
      workflowUpdates.push({
        sid: workflow.sid,
        friendlyName: workflow.friendlyName,
        configuration: JSON.stringify(guarded.config),
        changes: guarded.changes.map((c) => `${label}: ${c}`),
      });
    }
  }
  const callback = planCallback(workspace.callback, options);
  problems.push(...callback.problems.map((p) => `workspace: ${p}`));
  return {
    workflowUpdates,
    callbackUpdate: callback.update,
    callbackChanges: callback.changes.map((c) => `workspace: ${c}`),
    problems,
  };
}

module.exports = {
  INBOUND_ONLY,
  GUARD_EVENTS,
  isGuarded,
  parseConfiguration,
  guardWorkflow,
  checkWorkflow,
  planCallback,
  planWorkspace,
};
