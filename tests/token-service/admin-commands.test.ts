import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeTaskRouter, FakeWorkspace } from "./support/fake-taskrouter-rest.ts";
import { startFakeTaskRouter } from "./support/fake-taskrouter-rest.ts";

/**
 * `npm run rule:apply` / `rule:check` (token-service/admin/kit.js) with Twilio's own `twilio`
 * library against a stand-in for TaskRouter's REST API on 127.0.0.1: the HTTP requests they make,
 * what they print, their exit codes.
 */

const require = createRequire(import.meta.url);
const { main } = require("../../token-service/admin/kit.js") as {
  main(
    command: "apply" | "check",
    argv: string[],
    env: Record<string, string | undefined>,
    io: { print: (line: string) => void; clientOptions: Record<string, unknown> },
  ): Promise<number>;
};

const WS = `WS${"a".repeat(32)}`;
const CS = `WQ${"c".repeat(32)}`;
const EVERYONE = `WQ${"e".repeat(32)}`;
const ACCOUNT = `AC${"1".repeat(32)}`;
const KEY = `SK${"2".repeat(32)}`;
const URL_GUARD = "https://hunkbridge-token-service-1234.twil.io/transfer-guard";
const GUARD = 'direction == "inbound" AND type != "weblead"';

// Shaped like the professional-services template's example workflow (see workflow-guard.test.ts).
const TRANSFER_WORKFLOW = {
  task_routing: {
    filters: [
      {
        filter_friendly_name: "Assign to Worker",
        expression: "transferTargetType == 'worker'",
        targets: [{ queue: EVERYONE, known_worker_sid: "task.transferTargetSid" }],
      },
      {
        filter_friendly_name: "Assign To Queue - Customer Service",
        expression: "transferQueueName == 'Customer Service'",
        targets: [{ queue: CS, expression: "worker.contact_uri != task.ignoreWorkerContactUri" }],
      },
    ],
    default_filter: { queue: EVERYONE },
  },
};
const ANYONE_WORKFLOW = { task_routing: { filters: [], default_filter: { queue: EVERYONE } } };

function workspace(): FakeWorkspace {
  return {
    sid: WS,
    friendlyName: "Flex Task Assignment",
    eventCallbackUrl: null,
    eventsFilter: null,
    queues: [
      { sid: CS, friendlyName: "Customer Service" },
      { sid: EVERYONE, friendlyName: "Everyone" },
    ],
    workflows: [
      {
        sid: `WW${"1".repeat(32)}`,
        friendlyName: "Assign to Anyone",
        configuration: JSON.stringify(ANYONE_WORKFLOW),
      },
      {
        sid: `WW${"2".repeat(32)}`,
        friendlyName: "Transfers",
        configuration: JSON.stringify(TRANSFER_WORKFLOW),
      },
    ],
    tasks: [],
    reservations: [],
    events: [],
  };
}

describe("admin kit commands against TaskRouter's REST API", () => {
  let twilio: FakeTaskRouter;
  let lines: string[];
  const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: "secret" };
  const run = (
    command: "apply" | "check",
    argv: string[],
    environment: Record<string, string | undefined> = env,
  ) => {
    lines = [];
    return main(command, argv, environment, {
      print: (l) => lines.push(l),
      clientOptions: twilio.clientOptions(),
    });
  };
  const args = ["--workspace", WS, "--cs-queue", CS, "--callback-url", URL_GUARD];
  const writes = () => twilio.requests.filter((r) => r.method === "POST");

  beforeEach(async () => {
    twilio = await startFakeTaskRouter(workspace());
  });
  afterEach(async () => {
    await twilio.close();
  });

  it("check says what is missing and exits 1", async () => {
    expect(await run("check", args)).toBe(1);
    expect(lines).toEqual([
      `workspace "Flex Task Assignment" (${WS})`,
      `customer service: "Customer Service" (${CS})`,
      `missing: workflow "Transfers" (WW${"2".repeat(32)}): filter "Assign To Queue - Customer Service" routes to customer service without "${GUARD}"`,
      `missing: workspace: event callback: none → ${URL_GUARD}`,
      "2 thing(s) missing",
    ]);
    expect(writes()).toEqual([]);
    // Read with the API key, as Basic auth.
    expect(new Set(twilio.requests.map((r) => r.user))).toEqual(new Set([KEY]));
  });

  it("apply --dry-run prints what it would change and changes nothing", async () => {
    expect(await run("apply", [...args, "--dry-run"])).toBe(0);
    expect(lines[0]).toBe(`workspace "Flex Task Assignment" (${WS}), dry run`);
    expect(lines.slice(1)).toEqual([
      `would change: workflow "Transfers" (WW${"2".repeat(32)}): filter "Assign To Queue - Customer Service": only inbound calls may take its customer-service target`,
      `would change: workspace: event callback: none → ${URL_GUARD}`,
    ]);
    expect(writes()).toEqual([]);
  });

  it("apply updates the workflow's Configuration and the workspace's callback, once", async () => {
    expect(await run("apply", args)).toBe(0);
    expect(writes().map((r) => r.path)).toEqual([
      `/v1/Workspaces/${WS}/Workflows/WW${"2".repeat(32)}`,
      `/v1/Workspaces/${WS}`,
    ]);
    const [workflowUpdate, workspaceUpdate] = writes();
    expect(Object.keys(workflowUpdate?.form ?? {})).toEqual(["Configuration"]);
    const sent = JSON.parse(workflowUpdate?.form.Configuration ?? "");
    expect(sent.task_routing.filters[1].expression).toBe(
      `(${GUARD}) AND (transferQueueName == 'Customer Service')`,
    );
    expect(sent.task_routing.filters[0]).toEqual(TRANSFER_WORKFLOW.task_routing.filters[0]);
    expect(sent.task_routing.default_filter).toEqual({ queue: EVERYONE });
    expect(workspaceUpdate?.form).toEqual({ EventCallbackUrl: URL_GUARD });
    expect(lines.filter((l) => l.startsWith("changed: "))).toHaveLength(2);

    const before = twilio.requests.length;
    expect(await run("apply", args)).toBe(0);
    expect(lines.at(-1)).toBe("nothing to change: the rule is in place");
    expect(twilio.requests.slice(before).filter((r) => r.method === "POST")).toEqual([]);
    expect(await run("check", args)).toBe(0);
    expect(lines.at(-1)).toBe("the rule is in place");
  });

  it("apply keeps another integration's event callback unless told to replace it", async () => {
    twilio.workspace.eventCallbackUrl = "https://crm.example.com/taskrouter";
    twilio.workspace.eventsFilter = "task.created";
    expect(await run("apply", args)).toBe(1);
    expect(lines).toContain(
      "not applied: workspace: the workspace's event callback already goes to https://crm.example.com/taskrouter: " +
        "a workspace has one, so --replace-callback replaces it (whatever used it stops getting events)",
    );
    // The workflow was still guarded, and the guard's events added to the filter.
    expect(writes().map((r) => r.form)).toEqual([
      { Configuration: expect.any(String) },
      {
        EventCallbackUrl: "https://crm.example.com/taskrouter",
        EventsFilter: "task.created,task.transfer-initiated,task-queue.entered,reservation.created",
      },
    ]);
    expect(await run("apply", [...args, "--replace-callback"])).toBe(0);
    expect(twilio.workspace.eventCallbackUrl).toBe(URL_GUARD);
  });

  it("uses the auth token when there is no API key, and says so when there is neither", async () => {
    expect(await run("check", args, { ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: "token" })).toBe(1);
    expect(new Set(twilio.requests.map((r) => r.user))).toEqual(new Set([ACCOUNT]));
    expect(await run("check", args, { TWILIO_ACCOUNT_SID: ACCOUNT })).toBe(2);
    expect(lines[0]).toMatch(/^check: set TWILIO_API_KEY and TWILIO_API_SECRET, or TWILIO_AUTH_TOKEN/);
  });

  it("refuses bad arguments with exit 2 and an unknown queue with exit 1", async () => {
    expect(await run("check", ["--workspace", WS])).toBe(2);
    expect(lines[0]).toBe("check: --cs-queue must be customerServiceTarget, WQ + 32 hex digits");
    expect(await run("apply", [...args, "--callback-url", "http://insecure.example.com/x"])).toBe(2);
    expect(await run("check", [...args, "--dry-run"])).toBe(2);
    expect(lines[0]).toMatch(/^check: Unknown option '--dry-run'/);
    expect(await run("check", ["--workspace", WS, "--cs-queue", `WQ${"f".repeat(32)}`])).toBe(1);
    expect(lines.at(-1)).toMatch(/is not a TaskQueue of this workspace/);
  });
});
