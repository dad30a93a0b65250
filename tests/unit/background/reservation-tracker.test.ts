import type { Reservation, Worker } from "twilio-taskrouter";
import { describe, expect, it } from "vitest";
import { ReservationTracker, snapshotOf } from "../../../src/background/reservation-tracker.ts";
import type { AgentSession, TrackedReservation } from "../../../src/domain/reservation.ts";
import { FakeReservation, FakeWorker, flush, ManualTimers, memoryStore } from "./fakes.ts";

const TIMING = { acceptWindowSeconds: 10, reviewSeconds: 15 };
const T0 = 1_700_000_000_000;

function setup(opts: { stored?: AgentSession; unreadable?: Record<string, string> } = {}) {
  const timers = new ManualTimers();
  const store = memoryStore<AgentSession>(opts.stored ?? null);
  const changes: AgentSession[] = [];
  const accepted: TrackedReservation[] = [];
  const tracker = new ReservationTracker({
    now: () => timers.nowMs,
    timers,
    store,
    timing: () => TIMING,
    changed: (s) => changes.push(s),
    accepted: (r) => {
      accepted.push(r);
      return undefined;
    },
    unreadableAttributes: (sid) => opts.unreadable?.[sid],
  });
  const sdk = (r: FakeReservation) => r as unknown as Reservation;
  const offer = (sid = "WR1", init: Partial<ConstructorParameters<typeof FakeReservation>[1]> = {}) => {
    const r = new FakeReservation(sid, { createdMs: timers.nowMs, ...init });
    tracker.created(sdk(r));
    return r;
  };
  const event = (r: FakeReservation, e: "accepted" | "wrapup" | "completed" | "timeout" | "canceled") =>
    tracker.changed(sdk(r), e);
  return { timers, store, changes, accepted, tracker, offer, event, sdk };
}

describe("snapshotOf", () => {
  it("reduces an SDK reservation to a snapshot in epoch seconds", () => {
    const r = new FakeReservation("WR1", {
      createdMs: T0,
      updatedMs: T0 + 2_500,
      taskCreatedMs: T0 - 30_000,
      attributes: { a: 1 },
    });
    expect(snapshotOf(r as unknown as Reservation)).toEqual({
      sid: "WR1",
      taskSid: "WT1",
      status: "pending",
      dateCreatedSec: T0 / 1000,
      dateUpdatedSec: T0 / 1000 + 2.5,
      taskCreatedSec: T0 / 1000 - 30,
      attributes: { a: 1 },
    });
  });

  it("prefers the original unreadable text, and survives an empty task and bad dates", () => {
    const r = new FakeReservation("WR1", { createdMs: T0 });
    expect(snapshotOf(r as unknown as Reservation, () => "{oops").attributes).toBe("{oops");
    const broken = { sid: "WR2", status: "pending", task: {}, dateCreated: new Date(Number.NaN) };
    const snap = snapshotOf(broken as unknown as Reservation);
    expect(snap.taskSid).toBe("");
    expect(snap.attributes).toBeUndefined();
    expect(snap.dateCreatedSec).toBeNaN();
    expect(snap.dateUpdatedSec).toBeNaN();
    expect(snap.taskCreatedSec).toBeNaN();
  });
});

describe("ReservationTracker", () => {
  it("forgets everything of the previous agent: offers, the task in hand, history, the Offline flag", async () => {
    const t = setup();
    t.timers.nowMs = T0;
    const first = t.offer("WR1");
    t.event(first, "accepted");
    t.offer("WR2");
    t.tracker.activity(false);
    expect(t.tracker.current.reservations.length).toBeGreaterThan(0);

    t.tracker.forgetAll();
    await flush();
    expect(t.tracker.current).toEqual({
      reservations: [],
      inHand: null,
      offlineAfterMiss: false,
      history: [],
    });
    expect(t.changes.at(-1)).toEqual(t.tracker.current);
    expect(t.store.value).toBeNull();
    // Late events of the old agent's reservations bring nothing back.
    t.event(first, "wrapup");
    expect(t.tracker.current.reservations).toEqual([]);
    expect(t.timers.pending()).toEqual([]);
  });

  it("tracks a new offer, tells the view and keeps a JSON-serialisable session", async () => {
    const t = setup();
    t.offer("WR1", { createdMs: T0 - 2_000 });
    await flush();
    const [r] = t.tracker.current.reservations;
    expect(r).toMatchObject({ sid: "WR1", taskSid: "WT1", phase: "pending", origin: "weblead" });
    expect(r?.acceptDeadlineMs).toBe(T0 + 8_000);
    expect(t.changes).toEqual([t.tracker.current]);
    expect(t.store.saves).toHaveLength(1);
    const saved = t.store.saves[0];
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    expect(saved).toEqual(t.tracker.current);
  });

  it("accepts: review, dial time set, accepted callback once with the tracked reservation", () => {
    const t = setup();
    const r = t.offer();
    t.timers.nowMs += 3_000;
    t.event(r.move("accepted", "accepted"), "accepted");
    expect(t.accepted).toHaveLength(1);
    expect(t.accepted[0]).toMatchObject({
      sid: "WR1",
      phase: "review",
      acceptedAtMs: T0 + 3_000,
      dialAtMs: T0 + 18_000,
    });
    expect(t.accepted[0]).toBe(t.tracker.current.reservations[0]);
    expect(t.tracker.current.inHand).toBe("WR1");
    expect(t.tracker.current.history[0]).toMatchObject({ outcome: "accepted", timeToAcceptMs: 3_000 });
  });

  // BUG (src/background/reservation-tracker.ts, changed(), the `if (type === "accepted")` branch):
  // the callback fires whenever the sid is tracked, even when reduceSession ignored the event as a
  // duplicate, so a repeated "accepted" re-runs the screen-pop (and navigates the Hunkware tab again).
  it("does not call accepted again for a duplicate accepted event", () => {
    const t = setup();
    const r = t.offer();
    t.event(r.move("accepted", "accepted"), "accepted");
    t.event(r, "accepted");
    expect(t.accepted).toHaveLength(1);
  });

  it("moves review to dialing at dialAtMs on its own timer", async () => {
    const t = setup();
    const r = t.offer();
    expect(t.timers.pending()).toEqual([]);
    t.event(r.move("accepted", "accepted"), "accepted");
    expect(t.timers.pending()).toEqual([15_000]);
    await t.timers.runNext();
    expect(t.timers.nowMs).toBe(T0 + 15_000);
    expect(t.tracker.current.reservations[0]?.phase).toBe("dialing");
    expect(t.changes.at(-1)?.reservations[0]?.phase).toBe("dialing");
    expect(t.store.saves.at(-1)?.reservations[0]?.phase).toBe("dialing");
    expect(t.timers.pending()).toEqual([]);
  });

  it("a wrap-up stays with the agent until completed", () => {
    const t = setup();
    const r = t.offer();
    t.event(r.move("accepted", "accepted"), "accepted");
    t.event(r.move("wrapup", "wrapping", "wrapping"), "wrapup");
    expect(t.tracker.current.reservations[0]?.phase).toBe("wrapup");
    t.timers.nowMs += 60_000;
    t.event(r.move("completed", "completed", "completed"), "completed");
    expect(t.tracker.current.reservations).toEqual([]);
    expect(t.tracker.current.inHand).toBeNull();
    expect(t.tracker.current.history[0]).toMatchObject({ outcome: "completed", atMs: T0 + 60_000 });
  });

  it.each(["pending", "reserved"])("a wrap-up whose task is %s again is a transfer", (taskStatus) => {
    const t = setup();
    const r = t.offer();
    t.event(r.move("accepted", "accepted"), "accepted");
    t.event(r.move("wrapup", "wrapping", taskStatus), "wrapup");
    expect(t.tracker.current.reservations).toEqual([]);
    expect(t.tracker.current.history[0]?.outcome).toBe("transferred");
  });

  it("a timeout sets offlineAfterMiss until an available activity", () => {
    const t = setup();
    const r = t.offer();
    t.event(r.move("timeout", "timeout"), "timeout");
    expect(t.tracker.current).toMatchObject({ reservations: [], offlineAfterMiss: true });
    expect(t.tracker.current.history[0]?.outcome).toBe("missed");
    const saves = t.store.saves.length;
    t.tracker.activity(false);
    expect(t.tracker.current.offlineAfterMiss).toBe(true);
    expect(t.store.saves).toHaveLength(saves);
    t.tracker.activity(true);
    expect(t.tracker.current.offlineAfterMiss).toBe(false);
    expect(t.store.saves.at(-1)?.offlineAfterMiss).toBe(false);
  });

  it("a canceled offer disappears without calling accepted", () => {
    const t = setup();
    const r = t.offer();
    t.event(r.move("canceled", "canceled"), "canceled");
    expect(t.tracker.current.reservations).toEqual([]);
    expect(t.tracker.current.history[0]?.outcome).toBe("canceled");
    expect(t.accepted).toEqual([]);
  });

  it("marks attributes the SDK could not read, from the original text", () => {
    const t = setup({ unreadable: { WT1: "{name: Ada" } });
    t.offer("WR1", { attributes: {} });
    const [r] = t.tracker.current.reservations;
    expect(r?.attributesError).toMatch(/not valid JSON/);
    expect(r?.attributes).toEqual({});
  });

  it("ready() restores from the worker and keeps our own accept time from before", async () => {
    const first = setup();
    const r = first.offer("WR1", { createdMs: T0 - 5_000 });
    first.event(r.move("accepted", "accepted"), "accepted");
    await flush();

    const t = setup({ stored: first.store.value as AgentSession });
    t.timers.nowMs = T0 + 4_000;
    await t.tracker.restore();
    expect(t.tracker.current.reservations[0]?.acceptedAtMs).toBe(T0);
    // Twilio's date_updated is later than our accept (something else changed the reservation).
    const sdkCopy = new FakeReservation("WR1", {
      status: "accepted",
      createdMs: T0 - 5_000,
      updatedMs: T0 + 2_000,
    });
    const other = new FakeReservation("WR2", { createdMs: T0 + 1_000 });
    const worker = new FakeWorker("token", {});
    worker.reservations.set("WR2", other);
    worker.reservations.set("WR1", sdkCopy);
    t.tracker.ready(worker as unknown as Worker);
    const session = t.tracker.current;
    expect(session.reservations.map((x) => [x.sid, x.phase])).toEqual([
      ["WR1", "review"],
      ["WR2", "pending"],
    ]);
    expect(session.reservations[0]).toMatchObject({ acceptedAtMs: T0, dialAtMs: T0 + 15_000 });
    expect(session.inHand).toBe("WR1");
    expect(session.history).toEqual(first.tracker.current.history);
    expect(t.timers.pending()).toEqual([11_000]);
  });

  it("ready() screen-pops, once, a task accepted while we were not listening", async () => {
    const t = setup();
    t.timers.nowMs = T0;
    t.offer("WR1");
    // The socket was down (or the worker stopped) while the agent accepted in Flex.
    t.timers.nowMs = T0 + 4_000;
    const worker = new FakeWorker("token", {});
    worker.reservations.set(
      "WR1",
      new FakeReservation("WR1", { status: "accepted", createdMs: T0, updatedMs: T0 + 3_000 }),
    );
    t.tracker.ready(worker as unknown as Worker);
    expect(t.accepted.map((r) => [r.sid, r.phase])).toEqual([["WR1", "review"]]);
    await flush();
    expect(t.changes.at(-1)?.inHand).toBe("WR1");
    // Another reconnect: the pop was made, it is not made again.
    t.tracker.ready(worker as unknown as Worker);
    expect(t.accepted).toHaveLength(1);
  });

  it("ready() drops reservations TaskRouter no longer has", () => {
    const t = setup();
    t.offer("WR1");
    t.tracker.ready(new FakeWorker("token", {}) as unknown as Worker);
    expect(t.tracker.current.reservations).toEqual([]);
  });
});
