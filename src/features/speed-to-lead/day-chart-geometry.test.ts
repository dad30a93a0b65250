import { describe, expect, it } from "vitest";
import { type ChartBox, dayChartGeometry, niceTopMs } from "./day-chart-geometry.ts";
import type { TaskTiming } from "./speed-to-lead.ts";

const HOUR = 3_600_000;
const DAY = { startMs: 1_741_064_400_000, endMs: 1_741_064_400_000 + 24 * HOUR };
const BOX: ChartBox = { width: 300, height: 100, left: 30, right: 10, top: 10, bottom: 20 };

function task(
  n: number,
  offeredAtMs: number,
  acceptMs: number | null,
  outcome: TaskTiming["outcome"] = "accepted",
) {
  return {
    reservationSid: `WR${n}`,
    taskSid: `WT${n}`,
    origin: "weblead",
    leadId: null,
    leadAtMs: offeredAtMs,
    leadSource: "task",
    offeredAtMs,
    acceptedAtMs: acceptMs === null ? null : offeredAtMs + acceptMs,
    dialedAtMs: null,
    endedAtMs: null,
    outcome,
  } satisfies TaskTiming;
}

describe("niceTopMs", () => {
  it("rounds up to a round number of seconds, then to whole hours", () => {
    expect(niceTopMs(1)).toBe(10_000);
    expect(niceTopMs(10_000)).toBe(10_000);
    expect(niceTopMs(10_001)).toBe(15_000);
    expect(niceTopMs(50_000)).toBe(60_000);
    expect(niceTopMs(2 * HOUR + 1)).toBe(3 * HOUR);
  });
});

describe("dayChartGeometry", () => {
  it("places each offer by its time across the hours it spans, and its time to accept up the scale", () => {
    const g = dayChartGeometry(
      [task(1, DAY.startMs + 9 * HOUR, 0), task(2, DAY.startMs + 10.5 * HOUR, 7_500)],
      DAY,
      BOX,
    );
    expect(g.plot).toEqual({ x0: 30, x1: 290, y0: 80, y1: 10 });
    // 9:00 to 11:00 over 260 units; 0 s at the bottom, 7.5 s three quarters up a 10 s scale.
    expect(g.marks).toEqual([
      { key: "WR1", x: 30, y: 80, missed: false },
      { key: "WR2", x: 225, y: 27.5, missed: false },
    ]);
    expect(g.xTicks.map((t) => [(t.value - DAY.startMs) / HOUR, t.position])).toEqual([
      [9, 30],
      [10, 160],
      [11, 290],
    ]);
    expect(g.yTicks).toEqual([
      { value: 0, position: 80 },
      { value: 5_000, position: 45 },
      { value: 10_000, position: 10 },
    ]);
  });

  it("puts a missed offer on the top line and leaves out offers that say nothing of speed", () => {
    const g = dayChartGeometry(
      [
        task(1, DAY.startMs + 9 * HOUR, null, "missed"),
        task(2, DAY.startMs + 9.5 * HOUR, null, "offered"),
        task(3, DAY.startMs + 9.5 * HOUR, null, "rejected"),
      ],
      DAY,
      BOX,
    );
    expect(g.marks).toEqual([{ key: "WR1", x: 30, y: 10, missed: true }]);
  });

  it("keeps at most five hour ticks on a long day", () => {
    const g = dayChartGeometry(
      [task(1, DAY.startMs + 7 * HOUR, 1), task(2, DAY.startMs + 19 * HOUR, 1)],
      DAY,
      BOX,
    );
    expect(g.xTicks.length).toBeLessThanOrEqual(5);
    expect(g.xTicks[0]?.position).toBe(30);
  });

  it("draws nothing without a task to draw", () => {
    expect(dayChartGeometry([], DAY, BOX).marks).toEqual([]);
  });
});
