import { describe, expect, it } from "vitest";
import { type TaskTiming, taskDurations, timelineSteps, wasAccepted } from "./speed-to-lead.ts";

const T0 = Date.UTC(2025, 2, 4, 14);

const timing = (patch: Partial<TaskTiming> = {}): TaskTiming => ({
  reservationSid: "WR1",
  taskSid: "WT1",
  origin: "weblead",
  leadId: "L-1",
  leadAtMs: T0 - 4_000,
  leadSource: "lead_created_at",
  offeredAtMs: T0,
  acceptedAtMs: T0 + 3_400,
  dialedAtMs: T0 + 18_400,
  endedAtMs: T0 + 78_400,
  outcome: "completed",
  ...patch,
});

describe("timelineSteps", () => {
  it("has a step between each two points reached", () => {
    expect(timelineSteps(timing())).toEqual([
      { from: "lead", to: "offered", ms: 4_000 },
      { from: "offered", to: "accepted", ms: 3_400 },
      { from: "accepted", to: "dialed", ms: 15_000 },
      { from: "dialed", to: "ended", ms: 60_000 },
    ]);
  });

  it("goes from the offer straight to the end for a missed offer; no lead step without a lead time", () => {
    const missed = timing({ leadSource: "offer", acceptedAtMs: null, dialedAtMs: null, outcome: "missed" });
    expect(timelineSteps({ ...missed, endedAtMs: T0 + 10_000 })).toEqual([
      { from: "offered", to: "ended", ms: 10_000 },
    ]);
  });

  it("never shows a negative step (clock skew)", () => {
    expect(timelineSteps(timing({ leadAtMs: T0 + 2_000 }))[0]).toEqual({
      from: "lead",
      to: "offered",
      ms: 0,
    });
  });
});

describe("taskDurations and wasAccepted", () => {
  it("measures each span, null where a point is missing", () => {
    expect(taskDurations(timing())).toEqual({
      leadToOfferMs: 4_000,
      offerToAcceptMs: 3_400,
      acceptToDialMs: 15_000,
      leadToDialMs: 22_400,
      dialToEndMs: 60_000,
    });
    expect(taskDurations(timing({ leadSource: "offer", dialedAtMs: null }))).toMatchObject({
      leadToOfferMs: null,
      leadToDialMs: null,
      dialToEndMs: null,
    });
  });

  it("counts as accepted by its accept time or by an outcome only an accepted task has", () => {
    expect(wasAccepted(timing())).toBe(true);
    expect(wasAccepted(timing({ acceptedAtMs: null, outcome: "transferred" }))).toBe(true);
    expect(wasAccepted(timing({ acceptedAtMs: null, outcome: "missed" }))).toBe(false);
    expect(wasAccepted(timing({ acceptedAtMs: null, outcome: "offered" }))).toBe(false);
  });
});
