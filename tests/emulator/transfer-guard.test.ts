import type { Reservation } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CreateTaskInput } from "../../sandbox/emulator/admin-types.ts";
import { GUARD_REASON } from "../../sandbox/emulator/transfer-guard.ts";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import {
  acceptedBy,
  getJson,
  nextEvent,
  postJson,
  SdkSessions,
  startTestEmulator,
  until,
} from "./harness.ts";

/**
 * Transfers as Twilio routes them (docs/transfer-routing.md): straight into the target queue, then
 * the workspace's event callback, HunkBridge's transfer guard, takes any call that is not inbound
 * back out of customer service. The SDK here is the real twilio-taskrouter, called directly, as a
 * page script that went around the extension would.
 */

const ADA = "ada.lovelace@chhj.com";
// Longer than the guard's delay after a transfer (GUARD_DELAY_MS), with room for a slow machine.
const SETTLE_MS = 300;

describe("emulator: the transfer guard keeps weblead calls out of customer service", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;

  const accepted = (input: Omit<CreateTaskInput, "identity">): Promise<Reservation> =>
    acceptedBy(emulator, worker, { identity: ADA, ...input });
  const taskState = (sid: string) => {
    const task = emulator.admin.getState().tasks.find((t) => t.sid === sid);
    if (!task) throw new Error(`no task ${sid}`);
    return task;
  };
  const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sdk = new SdkSessions(emulator);
    worker = await sdk.connect(ADA);
  });

  afterEach(async () => {
    sdk.cleanup();
    await emulator.close();
    expect(sdk.errors).toEqual([]);
  });

  it("a weblead COLD transfer to customer service is canceled there and the agent hears it failed", async () => {
    const reservation = await accepted({ kind: "weblead" });
    const task = reservation.task;
    const cs = emulator.customerServiceQueueSid;
    await task.transfer(cs, { mode: "COLD" });
    const outgoing = task.transfers.outgoing;
    if (!outgoing) throw new Error("no outgoing transfer");
    // The SDK hands task.transfer-failed to the OutgoingTransfer the transfer() reply made.
    await nextEvent(outgoing, "failed");
    expect(outgoing.status.toLowerCase()).toBe("failed");

    const after = taskState(task.sid);
    expect(after).toMatchObject({ assignmentStatus: "canceled", reason: GUARD_REASON });
    expect(after.routing.map((s) => [s.via, "queueName" in s ? s.queueName : s.action])).toEqual([
      ["workflow", "Outbound Web Leads"],
      ["transfer", "Customer Service"],
      ["transfer-guard", "canceled"],
    ]);
    const state = emulator.admin.getState();
    expect(state.transfers).toEqual([
      expect.objectContaining({ to: cs, mode: "COLD", status: "failed", failedReason: GUARD_REASON }),
    ]);
    // Nobody else was ever offered the call.
    expect(state.reservations.map((r) => r.sid)).toEqual([reservation.sid]);
  });

  it("an inbound COLD transfer stays in customer service", async () => {
    const reservation = await accepted({ kind: "inbound" });
    const task = reservation.task;
    await task.transfer(emulator.customerServiceQueueSid, { mode: "COLD" });
    await settle();
    const after = taskState(task.sid);
    expect(after).toMatchObject({ assignmentStatus: "pending", queueName: "Customer Service", reason: null });
    expect(after.routing.map((s) => s.via)).toEqual(["workflow", "transfer"]);
    expect(emulator.admin.getState().transfers[0]?.status).toBe("initiated");
  });

  it("attributes rewritten to look inbound, before or with the transfer, don't get a weblead through", async () => {
    const first = await accepted({ kind: "weblead" });
    await first.task.setAttributes({ direction: "inbound", from: "+16175550100" });
    await first.task.transfer(emulator.customerServiceQueueSid, { mode: "COLD" });
    await until(
      () => taskState(first.task.sid).assignmentStatus === "canceled",
      3000,
      "the first task canceled",
    );

    const completed = nextEvent(first, "completed");
    await first.complete();
    await completed;

    const second = await accepted({ kind: "weblead" });
    await second.task.transfer(emulator.customerServiceQueueSid, {
      mode: "COLD",
      attributes: { direction: "inbound", from: "+16175550101" },
    });
    await until(
      () => taskState(second.task.sid).assignmentStatus === "canceled",
      3000,
      "the second task canceled",
    );
    expect(taskState(second.task.sid).attributes).toEqual({ direction: "inbound", from: "+16175550101" });
  });

  it("an unknown-origin call is treated like a weblead", async () => {
    const reservation = await accepted({ kind: "inbound", attributes: { direction: "Inbound " } });
    expect(taskState(reservation.task.sid).routing[0]).toMatchObject({
      via: "workflow",
      queueName: "Outbound Web Leads",
      filter: null,
    });
    await reservation.task.transfer(emulator.customerServiceQueueSid, { mode: "COLD" });
    await until(
      () => taskState(reservation.task.sid).assignmentStatus === "canceled",
      3000,
      "the task canceled",
    );
  });

  it("a weblead WARM transfer fails and the agent keeps the call", async () => {
    const reservation = await accepted({ kind: "weblead" });
    const task = reservation.task;
    await task.transfer(emulator.customerServiceQueueSid, { mode: "WARM" });
    const outgoing = task.transfers.outgoing;
    if (!outgoing) throw new Error("no outgoing transfer");
    await nextEvent(outgoing, "failed");
    expect(taskState(task.sid)).toMatchObject({
      assignmentStatus: "assigned",
      queueName: "Outbound Web Leads",
    });
    expect(taskState(task.sid).routing.at(-1)).toMatchObject({
      via: "transfer-guard",
      action: "transfer-failed",
    });
    expect(reservation.status).toBe("accepted");
  });

  it("without the event callback (admin off) the weblead would wait in customer service", async () => {
    const off = await postJson(`${emulator.url}/admin/transfer-guard`, { enabled: false });
    expect(off).toMatchObject({ status: 200, body: { transferGuard: { enabled: false } } });
    const reservation = await accepted({ kind: "weblead" });
    await reservation.task.transfer(emulator.customerServiceQueueSid, { mode: "COLD" });
    await settle();
    expect(taskState(reservation.task.sid)).toMatchObject({
      assignmentStatus: "pending",
      queueName: "Customer Service",
    });

    const state = (await getJson(`${emulator.url}/admin/state`)).body;
    expect(state.transferGuard).toEqual({ enabled: false });
    emulator.admin.reset();
    expect(emulator.admin.getState().transferGuard).toEqual({ enabled: true });
    expect((await postJson(`${emulator.url}/admin/transfer-guard`, { enabled: "no" })).status).toBe(400);
  });
});
