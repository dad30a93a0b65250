import { describe, expect, it } from "vitest";
import {
  isAcceptedPhase,
  isEndedPhase,
  type ReservationEvent,
  type ReservationPhase,
  type ReservationSnapshot,
  reduceReservation,
  type TrackedReservation,
  trackSnapshot,
} from "../../../src/domain/reservation-lifecycle.ts";

const CONFIG = { acceptWindowSeconds: 10, reviewSeconds: 15 };
const CREATED_SEC = 1_700_000_000;
const CREATED_MS = CREATED_SEC * 1000;

function snapshot(overrides: Partial<ReservationSnapshot> = {}): ReservationSnapshot {
  return {
    sid: "WR1",
    taskSid: "WT1",
    status: "pending",
    dateCreatedSec: CREATED_SEC,
    attributes: '{"type":"weblead","lead_id":"L-1","name":"Ada"}',
    ...overrides,
  };
}

function tracked(phase: ReservationPhase = "pending"): TrackedReservation {
  const base = trackSnapshot(snapshot(), CREATED_MS, CONFIG);
  if (base === null) throw new Error("fixture");
  if (phase === "pending") return base;
  return { ...base, phase, acceptedAtMs: CREATED_MS + 3_000, dialAtMs: CREATED_MS + 18_000 };
}

describe("trackSnapshot", () => {
  it("counts the accept deadline from the reservation's own date_created, not from when we heard of it", () => {
    const heardLate = CREATED_MS + 4_000;
    expect(trackSnapshot(snapshot(), heardLate, CONFIG)).toEqual({
      sid: "WR1",
      taskSid: "WT1",
      origin: "weblead",
      attributes: { type: "weblead", lead_id: "L-1", name: "Ada" },
      attributesError: null,
      createdAtMs: CREATED_MS,
      acceptDeadlineMs: CREATED_MS + 10_000,
      phase: "pending",
    });
  });

  it("falls back to now when date_created is unusable", () => {
    const result = trackSnapshot(snapshot({ dateCreatedSec: Number.NaN }), 5_000, CONFIG);
    expect(result).toMatchObject({ createdAtMs: 5_000, acceptDeadlineMs: 15_000 });
  });

  it("keeps tracking a task whose attributes are broken, with the error", () => {
    expect(trackSnapshot(snapshot({ attributes: "{not json" }), CREATED_MS, CONFIG)).toMatchObject({
      origin: "unknown",
      attributes: {},
      attributesError: expect.stringMatching(/not valid JSON/),
      phase: "pending",
    });
  });

  it("places an accepted snapshot's dial time from date_updated", () => {
    const accepted = snapshot({ status: "accepted", dateUpdatedSec: CREATED_SEC + 3 });
    expect(trackSnapshot(accepted, CREATED_MS + 5_000, CONFIG)).toMatchObject({
      phase: "review",
      acceptedAtMs: CREATED_MS + 3_000,
      dialAtMs: CREATED_MS + 18_000,
    });
    expect(trackSnapshot(accepted, CREATED_MS + 18_000, CONFIG)?.phase).toBe("dialing");
  });

  it("prefers our own accept time over date_updated", () => {
    const accepted = snapshot({ status: "accepted", dateUpdatedSec: CREATED_SEC + 30 });
    expect(trackSnapshot(accepted, CREATED_MS + 5_000, CONFIG, CREATED_MS + 2_000)).toMatchObject({
      phase: "review",
      acceptedAtMs: CREATED_MS + 2_000,
      dialAtMs: CREATED_MS + 17_000,
    });
  });

  it("uses now as the accept time when an accepted snapshot has no date_updated", () => {
    expect(trackSnapshot(snapshot({ status: "accepted" }), CREATED_MS + 7_000, CONFIG)).toMatchObject({
      acceptedAtMs: CREATED_MS + 7_000,
      phase: "review",
    });
  });

  it("tracks a wrapping reservation without inventing an accept time", () => {
    const wrapping = trackSnapshot(
      snapshot({ status: "wrapping", dateUpdatedSec: CREATED_SEC + 90 }),
      0,
      CONFIG,
    );
    expect(wrapping?.phase).toBe("wrapup");
    expect(wrapping).not.toHaveProperty("acceptedAtMs");
    expect(trackSnapshot(snapshot({ status: "wrapup" }), 0, CONFIG, CREATED_MS + 1_000)).toMatchObject({
      phase: "wrapup",
      acceptedAtMs: CREATED_MS + 1_000,
    });
  });

  it.each(["completed", "rejected", "timeout", "canceled", "rescinded", "mystery"])(
    "doesn't track a %s reservation",
    (status) => {
      expect(trackSnapshot(snapshot({ status }), CREATED_MS, CONFIG)).toBeNull();
    },
  );
});

describe("reduceReservation", () => {
  const at = CREATED_MS + 3_000;
  const on = (type: Exclude<ReservationEvent, { type: "tick" }>["type"]): ReservationEvent => ({
    type,
    sid: "WR1",
    atMs: at,
  });

  it("accepting starts the review time", () => {
    expect(reduceReservation(tracked(), on("accepted"), CONFIG)).toMatchObject({
      phase: "review",
      acceptedAtMs: at,
      dialAtMs: at + 15_000,
    });
  });

  it("moves from review to dialing exactly when the dial time is reached", () => {
    const review = reduceReservation(tracked(), on("accepted"), CONFIG);
    expect(reduceReservation(review, { type: "tick", nowMs: at + 14_999 }, CONFIG)).toBe(review);
    expect(reduceReservation(review, { type: "tick", nowMs: at + 15_000 }, CONFIG).phase).toBe("dialing");
  });

  it("records when a reservation ended", () => {
    expect(reduceReservation(tracked(), on("timeout"), CONFIG)).toMatchObject({
      phase: "timeout",
      endedAtMs: at,
    });
  });

  // [from, event, to]; to = null: illegal, ignored (the same object comes back)
  it.each<[ReservationPhase, Exclude<ReservationEvent, { type: "tick" }>["type"], ReservationPhase | null]>([
    ["pending", "accepted", "review"],
    ["pending", "rejected", "rejected"],
    ["pending", "timeout", "timeout"],
    ["pending", "canceled", "canceled"],
    ["pending", "rescinded", "rescinded"],
    ["pending", "wrapup", null],
    ["pending", "completed", null],
    ["pending", "transferred", null],
    ["review", "wrapup", "wrapup"],
    ["review", "completed", "completed"],
    ["review", "transferred", "transferred"],
    ["review", "canceled", "canceled"],
    ["review", "accepted", null],
    ["review", "rejected", null],
    ["review", "timeout", null],
    ["dialing", "wrapup", "wrapup"],
    ["dialing", "transferred", "transferred"],
    ["dialing", "rescinded", "rescinded"],
    ["dialing", "timeout", null],
    ["wrapup", "completed", "completed"],
    ["wrapup", "transferred", "transferred"],
    ["wrapup", "canceled", "canceled"],
    ["wrapup", "wrapup", null],
    ["wrapup", "accepted", null],
    ["completed", "accepted", null],
    ["timeout", "accepted", null],
    ["rejected", "completed", null],
    ["transferred", "completed", null],
  ])("%s + %s → %s", (from, type, to) => {
    const before = tracked(from);
    const after = reduceReservation(before, on(type), CONFIG);
    if (to === null) expect(after).toBe(before);
    else expect(after.phase).toBe(to);
  });

  it("ignores events for another reservation", () => {
    const before = tracked();
    expect(reduceReservation(before, { type: "accepted", sid: "WR2", atMs: at }, CONFIG)).toBe(before);
  });

  it("ticks only a reservation under review", () => {
    for (const phase of ["pending", "dialing", "wrapup"] as const) {
      const before = tracked(phase);
      expect(reduceReservation(before, { type: "tick", nowMs: Number.MAX_SAFE_INTEGER }, CONFIG)).toBe(
        before,
      );
    }
  });
});

describe("phase groups", () => {
  it.each<[ReservationPhase, boolean, boolean]>([
    ["pending", false, false],
    ["review", true, false],
    ["dialing", true, false],
    ["wrapup", true, false],
    ["completed", false, true],
    ["rejected", false, true],
    ["timeout", false, true],
    ["canceled", false, true],
    ["rescinded", false, true],
    ["transferred", false, true],
  ])("%s: accepted %s, ended %s", (phase, accepted, ended) => {
    expect(isAcceptedPhase(phase)).toBe(accepted);
    expect(isEndedPhase(phase)).toBe(ended);
  });
});
