import type { Reservation } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import { acceptedBy, nextEvent, SdkSessions, startTestEmulator } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: task transfer", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;

  const acceptedInbound = (): Promise<Reservation> =>
    acceptedBy(emulator, worker, { identity: ADA, kind: "inbound" });

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

  it("a COLD transfer to the customer-service queue is recorded, initiated and wraps the agent up", async () => {
    const reservation = await acceptedInbound();
    const task = reservation.task;
    const queue = emulator.customerServiceQueueSid;
    expect(queue).toMatch(/^WQ[0-9a-f]{32}$/);

    const initiated = nextEvent<[{ sid: string; to: string; mode: string }]>(task, "transferInitiated");
    const wrapup = nextEvent(reservation, "wrapup");
    await task.transfer(queue, { mode: "COLD" });
    expect(task.transfers.outgoing).toMatchObject({
      to: queue,
      mode: "COLD",
      type: "QUEUE",
      status: "initiated",
    });
    const [outgoing] = await initiated;
    expect(outgoing.sid).toMatch(/^TT[0-9a-f]{32}$/);
    await wrapup;
    expect(reservation.status).toBe("wrapping");

    const state = emulator.admin.getState();
    expect(state.customerServiceQueueSid).toBe(queue);
    expect(state.transfers).toEqual([
      expect.objectContaining({
        sid: outgoing.sid,
        taskSid: task.sid,
        reservationSid: reservation.sid,
        to: queue,
        toName: "Customer Service",
        mode: "COLD",
        type: "QUEUE",
        status: "initiated",
      }),
    ]);
    expect(state.tasks[0]).toMatchObject({ assignmentStatus: "pending", queueName: "Customer Service" });

    // The agent completes their side; the task itself has moved on and is not completed.
    const completed = nextEvent(reservation, "completed");
    await reservation.complete();
    await completed;
    const after = emulator.admin.getState();
    expect(after.reservations[0]?.status).toBe("completed");
    expect(after.tasks[0]?.assignmentStatus).toBe("pending");
  });

  it("refuses a transfer to something that is not a queue of the workspace", async () => {
    const reservation = await acceptedInbound();
    await expect(
      reservation.task.transfer("WQ00000000000000000000000000000000", { mode: "COLD" }),
    ).rejects.toThrow(/400.*not a TaskQueue/);
    await expect(reservation.task.transfer(reservation.workerSid, { mode: "COLD" })).rejects.toThrow(
      /400.*only transfers to TaskQueues/,
    );
    expect(emulator.admin.getState().transfers).toEqual([]);
  });

  it("a WARM transfer keeps the agent's reservation until the transfer is canceled", async () => {
    const reservation = await acceptedInbound();
    const task = reservation.task;
    await task.transfer(emulator.customerServiceQueueSid, { mode: "WARM" });
    const outgoing = task.transfers.outgoing;
    if (!outgoing) throw new Error("no outgoing transfer");
    const canceled = nextEvent(outgoing, "canceled");
    await outgoing.cancel();
    await canceled;
    expect(reservation.status).toBe("accepted");
    expect(emulator.admin.getState().transfers[0]).toMatchObject({ mode: "WARM", status: "canceled" });
    expect(emulator.admin.getState().tasks[0]?.assignmentStatus).toBe("assigned");
  });
});
