/**
 * Where the day chart's marks go: offer → accept per task (y) against the time of the offer (x),
 * missed offers as marks along the top. Pure geometry in SVG user units; DayChart.tsx draws it.
 * Hand-drawn rather than a charting library: one scatter of a few dozen points does not justify
 * tens of kilobytes in a popup already over its size budget.
 */
import type { LocalDay, TaskTiming } from "./speed-to-lead.ts";

export type ChartBox = {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
};
export type ChartMark = { key: string; x: number; y: number; missed: boolean };
/** A tick at a value (epoch ms on x, a duration in ms on y) and its position along its axis. */
export type Tick = { value: number; position: number };
export type DayChartGeometry = {
  marks: ChartMark[];
  xTicks: Tick[];
  yTicks: Tick[];
  /** The plot area: x from x0 to x1, y from y0 (zero, at the bottom) up to y1. */
  plot: { x0: number; x1: number; y0: number; y1: number };
};

const HOUR_MS = 3_600_000;
/** Round scale tops, in seconds: a reader compares dots to round numbers. */
const NICE_SECONDS = [10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800, 3600];
const MAX_X_TICKS = 5;

/** The smallest round top at or above `ms`; past an hour, whole hours. */
export function niceTopMs(ms: number): number {
  const seconds = NICE_SECONDS.find((s) => s * 1000 >= ms);
  return seconds === undefined ? Math.ceil(ms / HOUR_MS) * HOUR_MS : seconds * 1000;
}

/**
 * Whole hours of the day around the offers: local hours counted from the day's start, so a zone
 * with a half-hour offset gets its own hours (a DST day's hours after the change shift by one).
 */
function hourRange(day: LocalDay, offers: number[]): { from: number; to: number } {
  const hours = offers.map((ms) => (ms - day.startMs) / HOUR_MS);
  const from = Math.floor(Math.min(...hours));
  const to = Math.max(from + 1, Math.ceil(Math.max(...hours)));
  return { from, to };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Accepted and missed offers are drawn; others (waiting, rejected, canceled) say nothing of speed. */
export function isDrawn(t: TaskTiming): boolean {
  return t.acceptedAtMs !== null || t.outcome === "missed";
}

export function dayChartGeometry(
  tasks: readonly TaskTiming[],
  day: LocalDay,
  box: ChartBox,
): DayChartGeometry {
  const plot = { x0: box.left, x1: box.width - box.right, y0: box.height - box.bottom, y1: box.top };
  const drawn = tasks.filter(isDrawn);
  if (drawn.length === 0) return { marks: [], xTicks: [], yTicks: [], plot };

  const { from, to } = hourRange(
    day,
    drawn.map((t) => t.offeredAtMs),
  );
  const startMs = day.startMs + from * HOUR_MS;
  const spanMs = (to - from) * HOUR_MS;
  const xOf = (ms: number) => round(plot.x0 + ((ms - startMs) / spanMs) * (plot.x1 - plot.x0));

  const accepts = drawn.flatMap((t) => (t.acceptedAtMs === null ? [] : [t.acceptedAtMs - t.offeredAtMs]));
  const topMs = niceTopMs(Math.max(1, ...accepts));
  const yOf = (ms: number) =>
    round(plot.y0 - (Math.min(Math.max(0, ms), topMs) / topMs) * (plot.y0 - plot.y1));

  const marks = drawn.map((t) => ({
    key: t.reservationSid,
    x: xOf(t.offeredAtMs),
    // A missed offer has no accept time: it sits on the top line, above every accepted one.
    y: t.acceptedAtMs === null ? plot.y1 : yOf(t.acceptedAtMs - t.offeredAtMs),
    missed: t.acceptedAtMs === null,
  }));
  const step = Math.ceil((to - from) / (MAX_X_TICKS - 1));
  const xTicks: Tick[] = [];
  for (let hour = from; hour <= to; hour += step) {
    const value = day.startMs + hour * HOUR_MS;
    xTicks.push({ value, position: xOf(value) });
  }
  const yTicks = [0, topMs / 2, topMs].map((value) => ({ value, position: yOf(value) }));
  return { marks, xTicks, yTicks, plot };
}
