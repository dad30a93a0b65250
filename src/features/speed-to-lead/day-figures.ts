// The day at a glance: how many offers, how many accepted and missed, and how fast, as the median
// and the 90th percentile (the slow tail a team lead coaches on, which an average hides).
import { type TaskTiming, taskDurations, wasAccepted } from "./speed-to-lead.ts";

export type Spread = { count: number; medianMs: number; p90Ms: number; maxMs: number };

export type DayFigures = {
  offers: number;
  accepted: number;
  missed: number;
  offerToAccept: Spread | null;
  /** Web leads (and unknown origins, handled like them) only: an inbound caller is no lead to dial. */
  leadToDial: Spread | null;
};

/**
 * The p-th percentile (0…1) of ascending values, interpolated between the two nearest ranks: the
 * method of spreadsheets' PERCENTILE.INC and MEDIAN, so a team lead's sheet of the exported CSV
 * shows the same figures as the popup.
 */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) throw new Error("no values");
  const rank = (ascending.length - 1) * Math.min(1, Math.max(0, p));
  const below = Math.floor(rank);
  const low = ascending[below] as number;
  const high = ascending[Math.min(below + 1, ascending.length - 1)] as number;
  return low + (high - low) * (rank - below);
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const ascending = [...values].sort((a, b) => a - b);
  return {
    count: ascending.length,
    medianMs: percentile(ascending, 0.5),
    p90Ms: percentile(ascending, 0.9),
    maxMs: ascending[ascending.length - 1] as number,
  };
}

export function dayFigures(tasks: readonly TaskTiming[]): DayFigures {
  const offerToAccept: number[] = [];
  const leadToDial: number[] = [];
  for (const t of tasks) {
    const d = taskDurations(t);
    if (d.offerToAcceptMs !== null) offerToAccept.push(d.offerToAcceptMs);
    if (d.leadToDialMs !== null && t.origin !== "inbound") leadToDial.push(d.leadToDialMs);
  }
  return {
    offers: tasks.length,
    accepted: tasks.filter(wasAccepted).length,
    missed: tasks.filter((t) => t.outcome === "missed").length,
    offerToAccept: spread(offerToAccept),
    leadToDial: spread(leadToDial),
  };
}
