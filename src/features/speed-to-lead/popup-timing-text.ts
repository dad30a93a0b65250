/** Words for speed to lead: a task's timeline steps, the day's figures and the chart's text alternative. */

import { clockText, outcomeText, timeToAcceptText } from "../../../popup/task-text.ts";
import type { DayFigures, Spread } from "./day-figures.ts";
import type { TimelineStep, TimingOutcome } from "./speed-to-lead.ts";

/** "3.4 s", "1 min 05 s", past an hour "2 h 05 min" (a lead that waited overnight in a queue). */
export function durationText(ms: number): string {
  if (ms < 3_600_000) return timeToAcceptText(ms);
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

const STEP_WORDS: Record<string, string> = {
  "lead-offered": "lead to offer",
  // The history's own words for the time to accept, kept where the timeline replaces them.
  "offered-accepted": "accepted in",
  "accepted-dialed": "review",
  "dialed-ended": "call",
};

/** What a step is called: an end that isn't the call's ("missed after", "completed after") by its outcome. */
export function stepText(step: Pick<TimelineStep, "from" | "to">, outcome: TimingOutcome): string {
  const words = STEP_WORDS[`${step.from}-${step.to}`];
  if (words !== undefined) return words;
  return `${outcome === "offered" ? "ended" : outcomeText(outcome).toLowerCase()} after`;
}

/** "median 3.4 s · p90 8.1 s" (the chart's text alternative spells p90 out), or a dash for none. */
export function spreadText(spread: Spread | null): string {
  if (spread === null) return "—";
  return `median ${durationText(spread.medianMs)} · p90 ${durationText(spread.p90Ms)}`;
}

/**
 * The chart's text alternative: what a glance at it tells, in a sentence. `firstMs`/`lastMs` are
 * the first and last offers drawn.
 */
export function chartSummary(figures: DayFigures, firstMs: number, lastMs: number): string {
  const accepted = figures.offerToAccept;
  const missed = figures.missed === 1 ? "1 missed offer" : `${figures.missed} missed offers`;
  const when = `from ${clockText(firstMs)} to ${clockText(lastMs)}`;
  if (accepted === null) return `Offer to accept today: no accepted offer yet, ${missed} ${when}.`;
  const tasks = accepted.count === 1 ? "1 accepted offer" : `${accepted.count} accepted offers`;
  return (
    `Offer to accept today, ${tasks} ${when}: median ${durationText(accepted.medianMs)}, ` +
    `90th percentile ${durationText(accepted.p90Ms)}, slowest ${durationText(accepted.maxMs)}; ${missed}.`
  );
}
