import type { Expression } from "./expression.ts";
import { ExpressionError, evaluate, objectResolver, parseExpression } from "./expression.ts";

/**
 * The workspace's workflow, as TaskRouter reads it
 * (https://www.twilio.com/docs/taskrouter/workflow-configuration and
 * https://www.twilio.com/docs/taskrouter/lifecycle-task-workflows-and-assignment): filters are
 * tried top to bottom and the first whose expression matches the task's attributes takes it, in
 * its first target's queue; a task no filter matches goes to `default_filter`.
 *
 * The emulator has no worker matching, so a target's own `expression` (about `worker.` and
 * `task.`), `timeout` and `priority` do not move a task between targets; the expressions are still
 * parsed, so a workflow the emulator can't read fails when it is loaded, not when a task arrives.
 */

export interface WorkflowTarget {
  queue: string;
  expression?: string;
  [key: string]: unknown;
}

export interface WorkflowFilter {
  filter_friendly_name?: string;
  expression: string;
  targets: WorkflowTarget[];
}

export interface WorkflowConfiguration {
  task_routing: {
    filters: WorkflowFilter[];
    default_filter?: { queue: string };
  };
}

export interface CompiledWorkflow {
  configuration: WorkflowConfiguration;
  filters: { name: string; expression: Expression; queueSid: string }[];
  defaultQueueSid: string | null;
}

/** Parses every expression and checks every queue; throws ExpressionError naming the filter. */
export function compileWorkflow(
  configuration: WorkflowConfiguration,
  queueSids: readonly string[],
): CompiledWorkflow {
  const known = (sid: string, where: string) => {
    if (!queueSids.includes(sid))
      throw new ExpressionError(`${where}: ${sid} is not a queue of this workspace`);
    return sid;
  };
  const filters = configuration.task_routing.filters.map((filter, index) => {
    const name = filter.filter_friendly_name ?? `filter ${index + 1}`;
    const where = `filter "${name}"`;
    const [first, ...rest] = filter.targets;
    if (!first) throw new ExpressionError(`${where} has no target`);
    for (const target of [first, ...rest]) {
      known(target.queue, where);
      if (target.expression !== undefined) {
        try {
          parseExpression(target.expression);
        } catch (err) {
          throw new ExpressionError(`${where}, target expression: ${(err as Error).message}`);
        }
      }
    }
    try {
      return { name, expression: parseExpression(filter.expression), queueSid: first.queue };
    } catch (err) {
      throw new ExpressionError(`${where}: ${(err as Error).message}`);
    }
  });
  const fallback = configuration.task_routing.default_filter?.queue;
  return {
    configuration,
    filters,
    defaultQueueSid: fallback === undefined ? null : known(fallback, "default_filter"),
  };
}

export interface Routed {
  queueSid: string;
  /** The filter that took the task; null for default_filter. */
  filter: string | null;
}

/** Where the workflow puts a task with these attributes; null when nothing takes it. */
export function routeTask(workflow: CompiledWorkflow, attributes: Record<string, unknown>): Routed | null {
  const resolve = objectResolver(attributes);
  for (const filter of workflow.filters) {
    if (evaluate(filter.expression, resolve)) return { queueSid: filter.queueSid, filter: filter.name };
  }
  return workflow.defaultQueueSid === null ? null : { queueSid: workflow.defaultQueueSid, filter: null };
}

/**
 * The conjunct HunkBridge's rule puts in front of every filter that targets customer service
 * (token-service/admin/rule.json `inboundOnly`, kept equal by a test).
 */
export const INBOUND_ONLY = 'direction == "inbound" AND type != "weblead"';

/**
 * The workflow the emulator starts with, shaped like a Flex workspace's after
 * `npm run rule:apply`: a transfer filter as the professional-services template writes them
 * (`transferTargetType`/`transferQueueName`), guarded by the rule, then CHHJ's two kinds of
 * call, with unknown-origin tasks going where web leads go.
 */
export function seededWorkflow(queues: {
  webLeads: string;
  inbound: string;
  customerService: string;
}): WorkflowConfiguration {
  return {
    task_routing: {
      filters: [
        {
          filter_friendly_name: "Transfer to Customer Service",
          expression: `(${INBOUND_ONLY}) AND (transferTargetType == "queue" AND transferQueueName == "Customer Service")`,
          targets: [{ queue: queues.customerService }],
        },
        {
          filter_friendly_name: "Web leads",
          expression: 'type == "weblead"',
          targets: [{ queue: queues.webLeads }],
        },
        {
          filter_friendly_name: "Inbound callbacks",
          expression: 'direction == "inbound"',
          targets: [{ queue: queues.inbound }],
        },
      ],
      default_filter: { queue: queues.webLeads },
    },
  };
}
