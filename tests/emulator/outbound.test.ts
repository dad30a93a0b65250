import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import { getJson, postJson, SdkSessions, startTestEmulator, workerTokenFor } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";
const GRACE = "grace.hopper@chhj.com";
const TO = "+16175550123";
const FROM = "+18553409128";

describe("emulator: outbound calls (worker.createTask)", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;
  let workflowSid: string;
  let queueSid: string;

  /** A raw proxy call, as the SDK makes it, with Ada's token. */
  const createTaskRaw = async (params: Record<string, unknown>) =>
    postJson(
      emulator.ebServer,
      JSON.stringify({
        url: `Workspaces/${emulator.workspaceSid}/Tasks`,
        method: "POST",
        params,
        token: await workerTokenFor(emulator, ADA),
      }),
      { headers: { "Content-Type": "application/x-www-form-urlencoded", apiVersion: "v1" } },
    );

  /** The sid of one of the workspace's task channels, read from the worker's WorkerChannels. */
  const channelSid = (name: string): string => {
    for (const channel of worker.channels.values()) {
      if (channel.taskChannelUniqueName === name) return channel.taskChannelSid;
    }
    throw new Error(`worker has no ${name} channel`);
  };

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sdk = new SdkSessions(emulator);
    worker = await sdk.connect(ADA);
    const state = emulator.admin.getState();
    workflowSid = state.workflowSid;
    const queue = state.queues.find((q) => q.name === "Outbound Web Leads");
    if (!queue) throw new Error("no Outbound Web Leads queue");
    queueSid = queue.sid;
  });

  afterEach(async () => {
    sdk.cleanup();
    await emulator.close();
    expect(sdk.errors).toEqual([]);
  });

  it("creates a pending task routed to the worker and logs the outbound call", async () => {
    expect(workflowSid).toMatch(/^WW[0-9a-f]{32}$/);
    expect(emulator.workflowSid).toBe(workflowSid);
    let offered = 0;
    worker.on("reservationCreated", () => {
      offered += 1;
    });

    const taskSid = await worker.createTask(TO, FROM, workflowSid, queueSid, { attributes: { x: 1 } });
    expect(taskSid).toMatch(/^WT[0-9a-f]{32}$/);

    const state = emulator.admin.getState();
    const at = state.outboundCalls[0]?.at ?? "";
    expect(state.outboundCalls).toEqual([
      {
        taskSid,
        to: TO,
        from: FROM,
        workflowSid,
        queueSid,
        queueName: "Outbound Web Leads",
        workerSid: worker.sid,
        identity: ADA,
        taskChannel: "default",
        attributes: { x: 1, outbound_to: TO, from: FROM },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(5000);
    expect(state.tasks).toEqual([
      expect.objectContaining({
        sid: taskSid,
        kind: "outbound",
        attributes: { x: 1, outbound_to: TO, from: FROM },
        assignmentStatus: "pending",
        queueSid,
        queueName: "Outbound Web Leads",
        taskChannel: "default",
        routingTarget: worker.sid,
        reservationSid: null,
      }),
    ]);
    // The emulator makes no reservation for it (real TaskRouter would, and Flex would accept it).
    await new Promise((r) => setTimeout(r, 100));
    expect(emulator.admin.getState().reservations).toEqual([]);
    expect(offered).toBe(0);
  });

  it("keeps the calls in order, records the task channel, and forgets them on reset", async () => {
    const first = await worker.createTask(TO, FROM, workflowSid, queueSid, {
      taskChannelUniqueName: "voice",
    });
    const second = await worker.createTask("+16175550124", FROM, workflowSid, queueSid, {
      attributes: { outbound_to: "ignored, the SDK's `to` wins" },
      taskChannelSid: channelSid("voice"),
    });
    const state = emulator.admin.getState();
    expect(state.outboundCalls.map((c) => [c.taskSid, c.to, c.taskChannel])).toEqual([
      [first, TO, "voice"],
      [second, "+16175550124", "voice"],
    ]);
    expect(state.outboundCalls[1]?.attributes).toEqual({ outbound_to: "+16175550124", from: FROM });

    const reset = await postJson(`${emulator.url}/admin/reset`, {});
    expect(reset.status).toBe(200);
    const after = await getJson(`${emulator.url}/admin/state`);
    expect(after.body).toMatchObject({ workflowSid, outboundCalls: [], tasks: [] });
  });

  it("answers the task in full over the proxy (the SDK itself only reads sid)", async () => {
    const reply = await createTaskRaw({
      WorkflowSid: workflowSid,
      TaskQueueSid: queueSid,
      RoutingTarget: worker.sid,
      // A JSON string is accepted too, as in Twilio's public REST API.
      Attributes: JSON.stringify({ outbound_to: TO, from: FROM }),
      TaskChannelUniqueName: "voice",
    });
    expect(reply.status).toBe(200);
    expect(reply.body.payload).toMatchObject({
      sid: expect.stringMatching(/^WT[0-9a-f]{32}$/),
      assignment_status: "pending",
      attributes: JSON.stringify({ outbound_to: TO, from: FROM }),
      queue_sid: queueSid,
      queue_name: "Outbound Web Leads",
      routing_target: worker.sid,
      task_channel_unique_name: "voice",
      workflow_sid: workflowSid,
    });
  });

  it("refuses, with a 400 the SDK surfaces, an unknown queue, another workflow, an empty number or channel", async () => {
    await expect(
      worker.createTask(TO, FROM, workflowSid, "WQ00000000000000000000000000000000"),
    ).rejects.toThrow(/400.*TaskQueueSid WQ0+ is not a TaskQueue of this workspace/);
    await expect(worker.createTask(TO, FROM, "WW00000000000000000000000000000000", queueSid)).rejects.toThrow(
      /400.*WorkflowSid WW0+ is not a Workflow of this workspace/,
    );
    await expect(worker.createTask(TO, FROM, "Assign to Agent", queueSid)).rejects.toThrow(
      /400.*is not a Workflow sid/,
    );
    await expect(worker.createTask("", FROM, workflowSid, queueSid)).rejects.toThrow(
      /400.*Attributes\.outbound_to .* must be a non-empty string/,
    );
    await expect(worker.createTask(TO, " ", workflowSid, queueSid)).rejects.toThrow(
      /400.*Attributes\.from .* must be a non-empty string/,
    );
    await expect(
      worker.createTask(TO, FROM, workflowSid, queueSid, { taskChannelUniqueName: "sms" }),
    ).rejects.toThrow(/400.*TaskChannelUniqueName sms is not a task channel/);
    await expect(
      worker.createTask(TO, FROM, workflowSid, queueSid, {
        taskChannelUniqueName: "default",
        taskChannelSid: channelSid("voice"),
      }),
    ).rejects.toThrow(/400.*is the voice channel, not TaskChannelUniqueName default/);
    const state = emulator.admin.getState();
    expect(state.outboundCalls).toEqual([]);
    expect(state.tasks).toEqual([]);
  });

  it("refuses raw requests the SDK would not send: another worker as RoutingTarget, bad Attributes", async () => {
    const grace = emulator.admin.ensureWorker(GRACE);
    const valid = {
      WorkflowSid: workflowSid,
      TaskQueueSid: queueSid,
      RoutingTarget: worker.sid,
      Attributes: { outbound_to: TO, from: FROM },
    };
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ ...valid, RoutingTarget: grace.sid }, /RoutingTarget WK[0-9a-f]+ is not the calling worker/],
      [{ ...valid, RoutingTarget: undefined }, /RoutingTarget is required/],
      [{ ...valid, WorkflowSid: undefined }, /WorkflowSid is required/],
      [{ ...valid, TaskQueueSid: undefined }, /TaskQueueSid is required/],
      [{ ...valid, Attributes: undefined }, /Attributes is required/],
      [{ ...valid, Attributes: { from: FROM } }, /Attributes\.outbound_to .* must be a non-empty string/],
      [{ ...valid, Attributes: { outbound_to: TO } }, /Attributes\.from .* must be a non-empty string/],
      [{ ...valid, Attributes: { outbound_to: 16175550123, from: FROM } }, /Attributes\.outbound_to/],
      [{ ...valid, Attributes: [TO, FROM] }, /Attributes must be a JSON object/],
      [{ ...valid, Attributes: "not json" }, /Attributes is not valid JSON/],
      [{ ...valid, TaskChannelSid: "TC00000000000000000000000000000000" }, /TaskChannelSid .* is not a task/],
    ];
    for (const [params, message] of refusals) {
      const reply = await createTaskRaw(params);
      expect(reply, JSON.stringify(params)).toMatchObject({ status: 400, body: { message } });
    }
    expect(emulator.admin.getState().outboundCalls).toEqual([]);
    expect(emulator.admin.getState().tasks).toEqual([]);

    // Listing tasks is still not emulated.
    const list = await postJson(
      emulator.ebServer,
      JSON.stringify({
        url: `Workspaces/${emulator.workspaceSid}/Tasks`,
        method: "GET",
        params: {},
        token: await workerTokenFor(emulator, ADA),
      }),
    );
    expect(list).toMatchObject({ status: 404, body: { message: /does not implement GET/ } });
  });
});
