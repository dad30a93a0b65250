import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { matches, objectResolver } from "../../sandbox/emulator/expression.ts";
import { INBOUND_ONLY as EMULATOR_INBOUND_ONLY, seededWorkflow } from "../../sandbox/emulator/workflow.ts";
import { classifyOrigin as extensionOrigin } from "../../src/domain/origin.ts";

/**
 * The admin kit's rule as pure functions (token-service/admin/workflow-guard.js): merging it into
 * a workflow configuration, checking one, and the workspace's event callback.
 */

const require = createRequire(import.meta.url);
type Config = { task_routing: { filters: Filter[]; default_filter?: { queue: string } } };
type Filter = {
  filter_friendly_name?: string;
  expression?: string;
  targets?: { queue?: string; [k: string]: unknown }[];
};
const guard = require("../../token-service/admin/workflow-guard.js") as {
  INBOUND_ONLY: string;
  GUARD_EVENTS: string[];
  guardWorkflow(
    c: Config,
    o: { csQueueSid: string; defaultQueueSid?: string },
  ): { config: Config; changes: string[]; problems: string[] };
  checkWorkflow(c: Config, cs: string): string[];
  planCallback(
    current: { eventCallbackUrl: string | null; eventsFilter: string | null },
    o: { callbackUrl?: string; replaceCallback?: boolean },
  ): {
    update: { eventCallbackUrl: string; eventsFilter: string | null } | null;
    changes: string[];
    problems: string[];
  };
};
const { classifyOrigin: functionOrigin } =
  require("../../token-service/functions/lib/transfer-guard.private.js") as {
    classifyOrigin(a: unknown): string;
  };

const EVERYONE = "WQe42a800776a447906eaf6a0932e955ff";
const PARKED = "WQc94a5f5f961a709ddd2dc050ac96e4c9";
const CS = "WQfb3e7e644af671b568494c4210ead2a5";
const INBOUND = "WQ0123456789abcdef0123456789abcdef";

/**
 * Modelled on the professional-services template's example workflow
 * (https://github.com/twilio-professional-services/flex-project-template, file
 * plugin-flex-ts-template-v2/src/feature-library/chat-transfer/example-taskrouter-workflow.json):
 * its transfer filters route on transferTargetType / transferQueueName, one per queue; here its
 * "Outbound Communications" queue is customer service, and CHHJ's inbound line overflows to it.
 */
function templateWorkflow(): Config {
  return {
    task_routing: {
      filters: [
        {
          filter_friendly_name: "Assign to Worker",
          expression: "transferTargetType == 'worker'",
          targets: [{ queue: EVERYONE, known_worker_sid: "task.transferTargetSid" }],
        },
        {
          filter_friendly_name: "Assign To Queue - Parked Calls",
          expression: "transferQueueName == 'Parked Calls'",
          targets: [{ queue: PARKED, expression: "worker.contact_uri != task.ignoreWorkerContactUri" }],
        },
        {
          filter_friendly_name: "Assign To Queue - Customer Service",
          expression: "transferQueueName == 'Customer Service'",
          targets: [{ queue: CS, expression: "worker.contact_uri != task.ignoreWorkerContactUri" }],
        },
        {
          filter_friendly_name: "Inbound, overflow to customer service",
          expression: "direction == 'inbound'",
          targets: [
            { queue: INBOUND, timeout: 30 },
            { queue: CS, priority: 5 },
          ],
        },
      ],
      default_filter: { queue: EVERYONE },
    },
  };
}

describe("admin kit: the rule in a workflow", () => {
  it("guards every filter with a customer-service target and leaves the others as they were", () => {
    const before = templateWorkflow();
    const { config, changes, problems } = guard.guardWorkflow(before, { csQueueSid: CS });
    expect(problems).toEqual([]);
    expect(before).toEqual(templateWorkflow());
    const filters = config.task_routing.filters;
    expect(filters.map((f) => f.filter_friendly_name)).toEqual([
      "Assign to Worker",
      "Assign To Queue - Parked Calls",
      "Assign To Queue - Customer Service",
      "Inbound, overflow to customer service",
      "Inbound, overflow to customer service (not customer service)",
    ]);
    expect(filters[0]).toEqual(templateWorkflow().task_routing.filters[0]);
    expect(filters[1]).toEqual(templateWorkflow().task_routing.filters[1]);
    expect(filters[2]).toEqual({
      ...templateWorkflow().task_routing.filters[2],
      expression: `(${guard.INBOUND_ONLY}) AND (transferQueueName == 'Customer Service')`,
    });
    expect(filters[3]?.expression).toBe(`(${guard.INBOUND_ONLY}) AND (direction == 'inbound')`);
    expect(filters[3]?.targets).toEqual(templateWorkflow().task_routing.filters[3]?.targets);
    // A weblead that the overflow filter no longer takes still reaches the inbound queue.
    expect(filters[4]).toEqual({
      filter_friendly_name: "Inbound, overflow to customer service (not customer service)",
      expression: "direction == 'inbound'",
      targets: [{ queue: INBOUND, timeout: 30 }],
    });
    expect(config.task_routing.default_filter).toEqual({ queue: EVERYONE });
    expect(changes).toHaveLength(3);
  });

  it("is idempotent: applying it again changes nothing", () => {
    const once = guard.guardWorkflow(templateWorkflow(), { csQueueSid: CS }).config;
    const twice = guard.guardWorkflow(once, { csQueueSid: CS });
    expect(twice.changes).toEqual([]);
    expect(twice.config).toEqual(once);
    // Twilio may hand the configuration back re-spaced; it still reads as guarded.
    const respaced = structuredClone(once);
    const f = respaced.task_routing.filters[2];
    if (f?.expression) f.expression = f.expression.replace(/ AND /g, "  AND\n ");
    expect(guard.checkWorkflow(respaced, CS)).toEqual([]);
  });

  it("a guard that does not bind the whole expression is missing", () => {
    const config = templateWorkflow();
    const f = config.task_routing.filters[2];
    if (f)
      f.expression = `(${guard.INBOUND_ONLY}) AND (transferQueueName == 'Customer Service') OR type == 'weblead'`;
    expect(guard.checkWorkflow(config, CS)[0]).toMatch(/^filter "Assign To Queue - Customer Service"/);
    if (f) f.expression = `(${guard.INBOUND_ONLY}) AND (name == ')(' OR x == 1)`;
    expect(guard.checkWorkflow(config, CS)[0]).not.toMatch(/Assign To Queue - Customer Service/);
  });

  it("check lists what is missing, and nothing once applied", () => {
    expect(guard.checkWorkflow(templateWorkflow(), CS)).toEqual([
      `filter "Assign To Queue - Customer Service" routes to customer service without "${guard.INBOUND_ONLY}"`,
      `filter "Inbound, overflow to customer service" routes to customer service without "${guard.INBOUND_ONLY}"`,
    ]);
    expect(
      guard.checkWorkflow(guard.guardWorkflow(templateWorkflow(), { csQueueSid: CS }).config, CS),
    ).toEqual([]);
  });

  it("a default filter in customer service needs another default queue", () => {
    const config = templateWorkflow();
    config.task_routing.default_filter = { queue: CS };
    expect(guard.checkWorkflow(config, CS)).toContain(
      "the default filter routes to customer service (any task no filter matches)",
    );
    expect(guard.guardWorkflow(config, { csQueueSid: CS }).problems).toEqual([
      expect.stringMatching(/^the default filter routes to customer service.*--default-queue/),
    ]);
    const fixed = guard.guardWorkflow(config, { csQueueSid: CS, defaultQueueSid: EVERYONE });
    expect(fixed.problems).toEqual([]);
    expect(fixed.config.task_routing.default_filter).toEqual({ queue: EVERYONE });
    expect(fixed.config.task_routing.filters.at(-1)).toEqual({
      filter_friendly_name: "Customer service by default (inbound only)",
      expression: guard.INBOUND_ONLY,
      targets: [{ queue: CS }],
    });
    expect(guard.checkWorkflow(fixed.config, CS)).toEqual([]);
    expect(guard.guardWorkflow(fixed.config, { csQueueSid: CS, defaultQueueSid: EVERYONE }).changes).toEqual(
      [],
    );
  });

  it("the emulator's seeded workflow is a workflow the rule is in, with the same conjunct", () => {
    expect(EMULATOR_INBOUND_ONLY).toBe(guard.INBOUND_ONLY);
    const seeded = seededWorkflow({ webLeads: EVERYONE, inbound: INBOUND, customerService: CS });
    expect(guard.checkWorkflow(seeded, CS)).toEqual([]);
  });

  it.each([
    [{ type: "weblead", lead_id: "L-1" }],
    [{ type: "weblead", direction: "inbound" }],
    [{ lead_id: "L-1", direction: "outbound" }],
    [{ lead_id: "L-1" }],
    [{ direction: "outbound" }],
    [{}],
    [{ direction: "Inbound" }],
    [{ direction: "inbound", type: "inbound" }],
    [{ direction: "inbound", type: "inbound", lead_id: "L-3" }],
    [{ direction: "inbound" }],
  ])("the conjunct lets %j through only if it is an inbound call (CONTRACT §2)", (attributes) => {
    const through = matches(guard.INBOUND_ONLY, objectResolver(attributes));
    if (through) expect(extensionOrigin(attributes)).toBe("inbound");
    // The Function classifies exactly as the extension does.
    expect(functionOrigin(attributes)).toBe(extensionOrigin(attributes));
  });

  it.each([
    [{ type: " weblead " }],
    [{ direction: " inbound" }],
    [{ lead_id: 1234, direction: "inbound" }],
    [{ lead_id: "", direction: "outbound" }],
    [{ type: ["weblead"] }],
  ])("the Function and the extension agree on %j", (attributes) => {
    expect(functionOrigin(attributes)).toBe(extensionOrigin(attributes));
  });
});

describe("admin kit: the workspace's event callback", () => {
  const url = "https://hunkbridge-token-service-1234.twil.io/transfer-guard";

  it("sets the callback where there is none, and adds the guard's events to a filter", () => {
    expect(guard.planCallback({ eventCallbackUrl: null, eventsFilter: null }, { callbackUrl: url })).toEqual({
      update: { eventCallbackUrl: url, eventsFilter: null },
      changes: [`event callback: none → ${url}`],
      problems: [],
    });
    const filtered = guard.planCallback(
      { eventCallbackUrl: url, eventsFilter: "task.created,reservation.created" },
      { callbackUrl: url },
    );
    expect(filtered.update).toEqual({
      eventCallbackUrl: url,
      eventsFilter: "task.created,reservation.created,task.transfer-initiated,task-queue.entered",
    });
    expect(guard.planCallback({ eventCallbackUrl: url, eventsFilter: "" }, { callbackUrl: url })).toEqual({
      update: null,
      changes: [],
      problems: [],
    });
  });

  it("never replaces another callback unless told to", () => {
    const other = { eventCallbackUrl: "https://crm.example.com/taskrouter", eventsFilter: null };
    const refused = guard.planCallback(other, { callbackUrl: url });
    expect(refused.update).toBeNull();
    expect(refused.problems).toEqual([
      expect.stringContaining("already goes to https://crm.example.com/taskrouter"),
    ]);
    expect(
      guard.planCallback(other, { callbackUrl: url, replaceCallback: true }).update?.eventCallbackUrl,
    ).toBe(url);
    expect(guard.planCallback({ eventCallbackUrl: null, eventsFilter: null }, {}).problems).toEqual([
      "no event callback: give --callback-url https://…/transfer-guard",
    ]);
  });
});
