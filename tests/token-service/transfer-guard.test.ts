import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeTaskRouter, FakeWorkspace } from "./support/fake-taskrouter-rest.ts";
import { startFakeTaskRouter } from "./support/fake-taskrouter-rest.ts";
import { type FakeTwilioResponse, installTwilioRuntime } from "./support/twilio-runtime.ts";

/**
 * The `/transfer-guard` Function (the workspace's event callback) with Twilio's own `twilio`
 * library against a stand-in for TaskRouter's REST API: what it reads and what it changes.
 */

const require = createRequire(import.meta.url);
type GuardEvent = Record<string, string>;
type Port = unknown;
const lib = require("../../token-service/functions/lib/transfer-guard.private.js") as {
  guardEvent(
    event: GuardEvent,
    config: { workspaceSid: string; csQueueSid: string },
    port: Port,
  ): Promise<string>;
  twilioPort(client: unknown, workspaceSid: string): Port;
  CANCEL_REASON: string;
};
const twilioLib = createRequire(new URL("../../token-service/", import.meta.url))("twilio") as (
  sid: string,
  secret: string,
  options: Record<string, unknown>,
) => unknown;

const WS = `WS${"a".repeat(32)}`;
const CS = `WQ${"c".repeat(32)}`;
const LEADS = `WQ${"d".repeat(32)}`;
const ACCOUNT = `AC${"1".repeat(32)}`;
const WT = (n: number) => `WT${String(n).repeat(32)}`;
const WEBLEAD = JSON.stringify({ type: "weblead", lead_id: "L-1001", name: "Grace Hopper" });
const INBOUND = JSON.stringify({ direction: "inbound", from: "+16175550100", to: "+18553409128" });

function workspace(): FakeWorkspace {
  return {
    sid: WS,
    friendlyName: "Flex Task Assignment",
    eventCallbackUrl: null,
    eventsFilter: null,
    queues: [{ sid: CS, friendlyName: "Customer Service" }],
    workflows: [],
    tasks: [
      // 1: a weblead COLD-transferred to customer service, offered to a CS agent
      { sid: WT(1), assignmentStatus: "reserved", taskQueueSid: CS, attributes: WEBLEAD },
      // 2: an inbound call transferred there
      { sid: WT(2), assignmentStatus: "pending", taskQueueSid: CS, attributes: INBOUND },
      // 3: a weblead whose attributes a page rewrote to look inbound
      { sid: WT(3), assignmentStatus: "pending", taskQueueSid: CS, attributes: INBOUND },
      // 4: a weblead WARM-transferred: its agent holds it, a CS agent is offered it
      { sid: WT(4), assignmentStatus: "assigned", taskQueueSid: LEADS, attributes: WEBLEAD },
      // 5: a weblead in its own queue
      { sid: WT(5), assignmentStatus: "pending", taskQueueSid: LEADS, attributes: WEBLEAD },
      // 6: in customer service, inbound now, and no task.created event to say what it was
      { sid: WT(6), assignmentStatus: "pending", taskQueueSid: CS, attributes: INBOUND },
    ],
    reservations: [
      { sid: `WR${"1".repeat(32)}`, taskSid: WT(1), status: "pending" },
      { sid: `WR${"4".repeat(32)}`, taskSid: WT(4), status: "accepted" },
      { sid: `WR${"5".repeat(32)}`, taskSid: WT(4), status: "pending" },
    ],
    events: [1, 2, 3, 4, 5].map((n) => ({
      sid: `EV${String(n).repeat(32)}`,
      eventType: "task.created",
      taskSid: WT(n),
      eventData: { task_sid: WT(n), task_attributes: n === 2 ? INBOUND : WEBLEAD },
    })),
  };
}

describe("the transfer guard (workspace event callback)", () => {
  let twilio: FakeTaskRouter;
  let port: Port;
  const config = { workspaceSid: WS, csQueueSid: CS };
  const writes = () => twilio.requests.filter((r) => r.method === "POST");
  const task = (n: number) => twilio.workspace.tasks.find((t) => t.sid === WT(n));

  beforeEach(async () => {
    twilio = await startFakeTaskRouter(workspace());
    port = lib.twilioPort(twilioLib(ACCOUNT, "token", twilio.clientOptions()), WS);
  });
  afterEach(async () => {
    await twilio.close();
  });

  it("cancels a weblead waiting in customer service, reading its task.created event", async () => {
    const said = await lib.guardEvent(
      { EventType: "task-queue.entered", WorkspaceSid: WS, TaskSid: WT(1), TaskQueueSid: CS },
      config,
      port,
    );
    expect(said).toBe(`${WT(1)}: canceled, a weblead-origin task in the customer-service queue`);
    expect(writes()).toEqual([
      expect.objectContaining({
        path: `/v1/Workspaces/${WS}/Tasks/${WT(1)}`,
        form: { AssignmentStatus: "canceled", Reason: lib.CANCEL_REASON },
      }),
    ]);
    expect(twilio.requests.find((r) => r.path.endsWith("/Events"))?.query).toMatchObject({
      TaskSid: WT(1),
      EventType: "task.created",
    });
    expect(task(1)?.assignmentStatus).toBe("canceled");
  });

  it("leaves an inbound call in customer service alone", async () => {
    const said = await lib.guardEvent(
      { EventType: "reservation.created", WorkspaceSid: WS, TaskSid: WT(2), TaskQueueSid: CS },
      config,
      port,
    );
    expect(said).toBe(`${WT(2)}: left alone, an inbound call`);
    expect(writes()).toEqual([]);
  });

  it("goes by the attributes the task was created with, not by rewritten ones", async () => {
    await lib.guardEvent(
      { EventType: "task.transfer-initiated", WorkspaceSid: WS, TaskSid: WT(3) },
      config,
      port,
    );
    expect(task(3)?.assignmentStatus).toBe("canceled");
    // No task.created event: unknown origin, and unknown fails closed.
    await lib.guardEvent(
      { EventType: "task.transfer-initiated", WorkspaceSid: WS, TaskSid: WT(6) },
      config,
      port,
    );
    expect(task(6)?.assignmentStatus).toBe("canceled");
  });

  it("rejects customer service's offer of a WARM transfer and leaves the agent's call", async () => {
    const said = await lib.guardEvent(
      {
        EventType: "reservation.created",
        WorkspaceSid: WS,
        TaskSid: WT(4),
        TaskQueueSid: CS,
        ReservationSid: `WR${"5".repeat(32)}`,
      },
      config,
      port,
    );
    expect(said).toMatch(/rejected WR5{32}/);
    expect(writes()).toEqual([
      expect.objectContaining({
        path: `/v1/Workspaces/${WS}/Tasks/${WT(4)}/Reservations/WR${"5".repeat(32)}`,
        form: { ReservationStatus: "rejected" },
      }),
    ]);
    expect(task(4)?.assignmentStatus).toBe("assigned");
  });

  it("does nothing for a task outside customer service or another workspace, whatever the event says", async () => {
    await lib.guardEvent(
      { EventType: "task-queue.entered", WorkspaceSid: WS, TaskSid: WT(5), TaskQueueSid: CS },
      config,
      port,
    );
    await lib.guardEvent(
      { EventType: "task-queue.entered", WorkspaceSid: `WS${"b".repeat(32)}`, TaskSid: WT(1) },
      config,
      port,
    );
    expect(
      await lib.guardEvent({ EventType: "worker.activity.update", WorkspaceSid: WS }, config, port),
    ).toBe("no task in the event");
    expect(writes()).toEqual([]);
  });

  describe("as a Function", () => {
    let uninstall: () => void;
    beforeEach(() => {
      uninstall = installTwilioRuntime();
    });
    afterEach(() => uninstall());

    const handler = require("../../token-service/functions/transfer-guard.protected.js").handler as (
      context: Record<string, unknown>,
      event: Record<string, unknown>,
      callback: (err: unknown, response?: FakeTwilioResponse) => void,
      overrides?: { log?: (l: string) => void },
    ) => Promise<void>;
    const call = (context: Record<string, unknown>, event: Record<string, unknown>, log: string[]) =>
      new Promise<FakeTwilioResponse | undefined>((resolve) => {
        void handler(context, event, (_err, response) => resolve(response), { log: (l) => log.push(l) });
      });

    it("answers TaskRouter 204 once it has acted, and logs what it did", async () => {
      const log: string[] = [];
      const context = {
        TWILIO_WORKSPACE_SID: WS,
        CUSTOMER_SERVICE_QUEUE_SID: CS,
        getTwilioClient: () => twilioLib(ACCOUNT, "token", twilio.clientOptions()),
      };
      const response = await call(
        context,
        { EventType: "task-queue.entered", WorkspaceSid: WS, TaskSid: WT(1), TaskQueueSid: CS },
        log,
      );
      expect(response?.statusCode).toBe(204);
      expect(response?.headers).toEqual({ "Content-Type": "application/json" });
      expect(log).toEqual([
        `transfer guard: task-queue.entered ${WT(1)}: canceled, a weblead-origin task in the customer-service queue`,
      ]);
      expect(task(1)?.assignmentStatus).toBe("canceled");
    });

    it("does nothing without its environment", async () => {
      const log: string[] = [];
      const response = await call(
        {
          TWILIO_WORKSPACE_SID: WS,
          getTwilioClient: () => {
            throw new Error("not called");
          },
        },
        { TaskSid: WT(1) },
        log,
      );
      expect(response?.statusCode).toBe(204);
      expect(twilio.requests).toEqual([]);
    });
  });
});
