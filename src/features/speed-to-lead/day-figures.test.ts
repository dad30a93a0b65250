import { describe, expect, it } from "vitest";
import { dayFigures, percentile, spread } from "./day-figures.ts";
import type { TaskTiming } from "./speed-to-lead.ts";

const T0 = Date.UTC(2025, 2, 4, 14);

function task(n: number, patch: Partial<TaskTiming> = {}): TaskTiming {
  return {
    reservationSid: `WR${n}`,
    taskSid: `WT${n}`,
    origin: "weblead",
    leadId: `L-${n}`,
    leadAtMs: T0 - 10_000,
    leadSource: "task",
    offeredAtMs: T0,
    acceptedAtMs: T0 + n * 1_000,
    dialedAtMs: T0 + n * 1_000 + 15_000,
    endedAtMs: null,
    outcome: "accepted",
    ...patch,
  };
}

describe("percentile", () => {
  it("interpolates between ranks, as spreadsheets' MEDIAN and PERCENTILE.INC do", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 5], 0)).toBe(1);
    expect(percentile([1, 5], 1)).toBe(5);
  });

  it("has nothing to say about no values", () => {
    expect(() => percentile([], 0.5)).toThrow();
    expect(spread([])).toBeNull();
  });

  it("sorts before it ranks", () => {
    expect(spread([9, 1, 5])).toEqual({ count: 3, medianMs: 5, p90Ms: 8.2, maxMs: 9 });
  });
});

describe("dayFigures", () => {
  it("counts offers, accepted and missed, and spreads offer to accept and lead to dial", () => {
    const figures = dayFigures([
      task(1),
      task(2),
      task(3, { endedAtMs: T0 + 60_000, outcome: "completed" }),
      task(4, { acceptedAtMs: null, dialedAtMs: null, endedAtMs: T0 + 10_000, outcome: "missed" }),
      task(5, { acceptedAtMs: null, dialedAtMs: null, outcome: "offered" }),
    ]);
    expect(figures).toMatchObject({ offers: 5, accepted: 3, missed: 1 });
    expect(figures.offerToAccept).toEqual({ count: 3, medianMs: 2_000, p90Ms: 2_800, maxMs: 3_000 });
    expect(figures.leadToDial).toEqual({ count: 3, medianMs: 27_000, p90Ms: 27_800, maxMs: 28_000 });
  });

  it("leaves inbound calls and unknown lead times out of lead to dial", () => {
    const figures = dayFigures([task(1, { origin: "inbound" }), task(2, { leadSource: "offer" })]);
    expect(figures.offerToAccept?.count).toBe(2);
    expect(figures.leadToDial).toBeNull();
  });

  it("is all zeros and nulls for an empty day", () => {
    expect(dayFigures([])).toEqual({
      offers: 0,
      accepted: 0,
      missed: 0,
      offerToAccept: null,
      leadToDial: null,
    });
  });
});
