import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  matches,
  objectResolver,
  parseExpression,
} from "../../../sandbox/emulator/expression.ts";
import {
  compileWorkflow,
  INBOUND_ONLY,
  routeTask,
  seededWorkflow,
} from "../../../sandbox/emulator/workflow.ts";

/**
 * The emulator's subset of TaskRouter's expression language
 * (https://www.twilio.com/docs/taskrouter/expression-syntax) and its workflow routing.
 */

const on = (attrs: Record<string, unknown>) => objectResolver(attrs);

describe("emulator expressions", () => {
  it("compares strings, numbers and booleans, with AND, OR and parentheses", () => {
    const attrs = on({ type: "weblead", priority: 5, vip: true, nested: { lang: "en" } });
    expect(matches('type == "weblead"', attrs)).toBe(true);
    expect(matches("type == 'weblead'", attrs)).toBe(true);
    expect(matches('type != "weblead"', attrs)).toBe(false);
    expect(matches("priority == 5 AND vip == true", attrs)).toBe(true);
    expect(matches('priority == "5"', attrs)).toBe(false);
    expect(matches('nested.lang == "en"', attrs)).toBe(true);
    expect(matches('(type == "inbound" OR vip == true) AND priority != 4', attrs)).toBe(true);
    expect(matches('type == "inbound" OR vip == false', attrs)).toBe(false);
  });

  it("knows IN and NOT IN, with a list or a key holding one, in any case", () => {
    const attrs = on({ lang: "es", task: { seen: ["WK1"] }, worker: { sid: "WK1" } });
    expect(matches('lang IN ["en", "es"]', attrs)).toBe(true);
    expect(matches("lang in ['en']", attrs)).toBe(false);
    expect(matches("lang NOT IN ['en']", attrs)).toBe(true);
    expect(matches("worker.sid NOT IN task.seen", attrs)).toBe(false);
    expect(matches("worker.sid in task.seen", attrs)).toBe(true);
  });

  it("a comparison with a missing key is false, != and NOT IN included", () => {
    const attrs = on({ direction: "inbound" });
    expect(matches('type == "weblead"', attrs)).toBe(false);
    expect(matches('type != "weblead"', attrs)).toBe(false);
    expect(matches("type NOT IN ['weblead']", attrs)).toBe(false);
    expect(matches('missing.deep == "x"', attrs)).toBe(false);
  });

  it.each([
    ["skills HAS 'support'", /unsupported comparison "HAS"/],
    ["name CONTAINS 'a'", /unsupported comparison "CONTAINS"/],
    ["age > 3", /unsupported comparison ">"/],
    ["type = 'weblead'", /unsupported comparison "="/],
    ["lead_id != null", /null is not one of TaskRouter's constants/],
    ["type", /unsupported comparison the end/],
    ["type == 'a' AND", /expected a key or a constant/],
    ["(type == 'a'", /expected \)/],
    ["type == 'a", /unterminated string/],
    ["first-name == 'a'", /unsupported character "-"/],
    ["type IN 'a'", /IN needs a list/],
    ["type == ['a']", /compares single values/],
    ["x NOT HAS 'a'", /unsupported comparison "NOT"/],
  ])("refuses %s", (text, message) => {
    expect(() => parseExpression(text)).toThrow(ExpressionError);
    expect(() => parseExpression(text)).toThrow(message);
  });
});

describe("emulator workflow", () => {
  const queues = { webLeads: "WQweb", inbound: "WQin", customerService: "WQcs" };
  const workflow = compileWorkflow(seededWorkflow(queues), Object.values(queues));

  it.each([
    [{ type: "weblead", lead_id: "L-1" }, "WQweb", "Web leads"],
    [{ direction: "inbound", from: "+16175550100" }, "WQin", "Inbound callbacks"],
    [{ direction: "outbound" }, "WQweb", null],
    [{}, "WQweb", null],
    // A transfer built as a new task (the professional-services template's way) reaches
    // customer service only for an inbound call.
    [
      {
        direction: "inbound",
        type: "inbound",
        transferTargetType: "queue",
        transferQueueName: "Customer Service",
      },
      "WQcs",
      "Transfer to Customer Service",
    ],
    [
      {
        type: "weblead",
        direction: "inbound",
        transferTargetType: "queue",
        transferQueueName: "Customer Service",
      },
      "WQweb",
      "Web leads",
    ],
    [{ lead_id: "L-2", transferTargetType: "queue", transferQueueName: "Customer Service" }, "WQweb", null],
  ])("routes %j to %s", (attributes, queueSid, filter) => {
    expect(routeTask(workflow, attributes)).toEqual({ queueSid, filter });
  });

  it("refuses a workflow it can't read when it is loaded", () => {
    const bad = seededWorkflow(queues);
    bad.task_routing.filters[1] = { expression: "skills HAS 'x'", targets: [{ queue: "WQweb" }] };
    expect(() => compileWorkflow(bad, Object.values(queues))).toThrow(
      /filter "filter 2": unsupported comparison "HAS"/,
    );
    const target = seededWorkflow(queues);
    target.task_routing.filters[0]?.targets.push({ queue: "WQin", expression: "worker.level > 2" });
    expect(() => compileWorkflow(target, Object.values(queues))).toThrow(/target expression/);
    const unknownQueue = seededWorkflow(queues);
    unknownQueue.task_routing.default_filter = { queue: "WQnope" };
    expect(() => compileWorkflow(unknownQueue, Object.values(queues))).toThrow(
      /not a queue of this workspace/,
    );
  });

  it("starts with the inbound-only guard on its customer-service filter", () => {
    expect(
      seededWorkflow(queues).task_routing.filters[0]?.expression.startsWith(`(${INBOUND_ONLY}) AND (`),
    ).toBe(true);
  });
});
