import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import { nextEvent, SdkSessions, startTestEmulator, until } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: reservations through the real SDK", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;

  const activitySid = (name: string) => {
    const activity = [...worker.activities.values()].find((a) => a.name === name);
    if (!activity) throw new Error(`no activity ${name}`);
    return activity.sid;
  };
  const stateOf = (reservationSid: string) => {
    const state = emulator.admin.getState();
    const reservation = state.reservations.find((r) => r.sid === reservationSid);
    const task = state.tasks.find((t) => t.sid === reservation?.taskSid);
    return { reservation, task, worker: state.workers.find((w) => w.identity === ADA) };
  };
  /** Creates a task for Ada and resolves with the SDK's Reservation. */
  const offer = async (kind: "weblead" | "inbound" = "weblead", timeoutSeconds?: number) => {
    const created = nextEvent<[import("twilio-taskrouter").Reservation]>(worker, "reservationCreated");
    const task = emulator.admin.createTask({
      identity: ADA,
      kind,
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
    });
    const [reservation] = await created;
    expect(reservation.sid).toBe(task.reservationSid);
    return reservation;
  };

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

  it("reservation.created carries the full task; accept() → accepted, task assigned", async () => {
    const reservation = await offer("weblead");
    expect(reservation.status).toBe("pending");
    expect(reservation.timeout).toBe(10);
    expect(reservation.task.status).toBe("reserved");
    expect(reservation.task.queueName).toBe("Outbound Web Leads");
    expect(reservation.task.attributes).toMatchObject({
      type: "weblead",
      lead_id: "L-1001",
      channel: "voice",
    });
    expect(reservation.task.attributes.phone).toMatch(/^\+1617555\d{4}$/);

    const accepted = nextEvent(reservation, "accepted");
    await reservation.accept();
    await accepted;
    expect(reservation.status).toBe("accepted");
    expect(reservation.task.status).toBe("assigned");
    expect(stateOf(reservation.sid).reservation?.status).toBe("accepted");
    expect(stateOf(reservation.sid).task?.assignmentStatus).toBe("assigned");
  });

  it("a second reservation can arrive while one is in hand", async () => {
    const first = await offer("weblead");
    await first.accept();
    const second = await offer("inbound");
    expect(second.task.attributes).toMatchObject({
      direction: "inbound",
      to: "+18553409128",
      channel: "voice",
    });
    expect(second.task.attributes.call_sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(second.task.queueName).toBe("Inbound Callbacks");
    await until(() => worker.reservations.size === 2, 2000, "two reservations in the SDK");
    expect(worker.reservations.get(first.sid)?.status).toBe("accepted");
  });

  it("an unanswered reservation times out, the task goes back to pending and the worker Offline", async () => {
    const available = nextEvent(worker, "activityUpdated");
    emulator.admin.setActivity(ADA, "Available");
    await available;

    const reservation = await offer("weblead", 0.3);
    const timedOut = nextEvent(reservation, "timeout", 3000);
    const offline = nextEvent<[SdkWorker]>(worker, "activityUpdated", 3000);
    await timedOut;
    const [updated] = await offline;
    expect(reservation.status).toBe("timeout");
    expect(updated.activity.name).toBe("Offline");
    const state = stateOf(reservation.sid);
    expect(state.reservation?.status).toBe("timeout");
    expect(state.task?.assignmentStatus).toBe("pending");
    expect(state.worker?.activity).toBe("Offline");
  });

  it("reject({activitySid}) rejects and applies the activity", async () => {
    const reservation = await offer("inbound");
    const rejected = nextEvent(reservation, "rejected");
    const activity = nextEvent<[SdkWorker]>(worker, "activityUpdated");
    await reservation.reject({ activitySid: activitySid("Break") });
    await rejected;
    const [updated] = await activity;
    expect(updated.activity.name).toBe("Break");
    expect(stateOf(reservation.sid)).toMatchObject({
      reservation: { status: "rejected" },
      task: { assignmentStatus: "pending" },
      worker: { activity: "Break" },
    });
  });

  it("task.wrapUp() then task.complete() push wrapup and completed to reservation and task", async () => {
    const reservation = await offer("weblead");
    await reservation.accept();
    const task = reservation.task;

    const reservationWrapup = nextEvent(reservation, "wrapup");
    const taskWrapup = nextEvent(task, "wrapup");
    await task.wrapUp({ reason: "call ended" });
    await Promise.all([reservationWrapup, taskWrapup]);
    expect(reservation.status).toBe("wrapping");
    expect(task.status).toBe("wrapping");

    const reservationCompleted = nextEvent(reservation, "completed");
    const taskCompleted = nextEvent(task, "completed");
    await task.complete("booked");
    await Promise.all([reservationCompleted, taskCompleted]);
    expect(task.status).toBe("completed");
    expect(stateOf(reservation.sid)).toMatchObject({
      reservation: { status: "completed" },
      task: { assignmentStatus: "completed", reason: "booked" },
    });
    expect(worker.reservations.has(reservation.sid)).toBe(false);
  });

  it("reservation.wrap() and complete() (ReservationStatus) also complete the task", async () => {
    const reservation = await offer("weblead");
    await reservation.accept();
    const wrapped = nextEvent(reservation, "wrapup");
    await reservation.wrap();
    await wrapped;
    const completed = nextEvent(reservation, "completed");
    await reservation.complete();
    await completed;
    expect(stateOf(reservation.sid)).toMatchObject({
      reservation: { status: "completed" },
      task: { assignmentStatus: "completed" },
    });
  });

  it("conference() accepts the reservation (Instruction=conference)", async () => {
    const reservation = await offer("inbound");
    const accepted = nextEvent(reservation, "accepted");
    await reservation.conference({ endConferenceOnExit: true });
    await accepted;
    expect(stateOf(reservation.sid).reservation?.status).toBe("accepted");
  });

  it("admin cancel and rescind reach the SDK as canceled and rescinded", async () => {
    const first = await offer("inbound");
    const canceled = nextEvent(first, "canceled");
    const taskCanceled = nextEvent(first.task, "canceled");
    emulator.admin.cancelReservation(first.sid);
    await Promise.all([canceled, taskCanceled]);
    expect(stateOf(first.sid)).toMatchObject({
      reservation: { status: "canceled" },
      task: { assignmentStatus: "canceled" },
    });

    const second = await offer("weblead");
    const rescinded = nextEvent(second, "rescinded");
    emulator.admin.rescindReservation(second.sid);
    await rescinded;
    expect(second.status).toBe("rescinded");
    expect(() => emulator.admin.cancelReservation(second.sid)).toThrow(/rescinded/);
  });

  it("accepting twice is refused with Twilio's 400 and a message", async () => {
    const reservation = await offer("weblead");
    await reservation.accept();
    await expect(reservation.accept()).rejects.toThrow(/400.*cannot accept reservation .* it is accepted/);
  });

  it("open reservations are read at start-up (Active=true, v2, nested task) and by fetchLatestVersion", async () => {
    const { reservationSid } = emulator.admin.createTask({ identity: ADA, kind: "weblead" });
    const second = await sdk.connect(ADA);
    const reservation = second.reservations.get(reservationSid);
    expect(reservation?.status).toBe("pending");
    expect(reservation?.task.attributes.lead_id).toBe("L-1001");
    const latest = await reservation?.fetchLatestVersion();
    expect(latest?.task.sid).toBe(reservation?.task.sid);
  });
});
