/**
 * Words and countdowns for reservations and history entries. The countdown text itself comes from
 * the domain (countdownText), so the popup never disagrees with the Flex and Hunkware overlays.
 */
import { type Countdown, secondsLeft } from "../src/domain/countdown.ts";
import { reservationCountdown } from "../src/domain/reservation.ts";
import type { HistoryView, ReservationView } from "../src/protocol/messages.ts";

type Phase = ReservationView["phase"];

const PHASE_TEXT: Record<Phase, string> = {
  pending: "Incoming: accept it in Flex",
  review: "Accepted: reviewing before the call",
  dialing: "On the call",
  wrapup: "Wrap-up",
  completed: "Completed",
  rejected: "Rejected",
  timeout: "Missed",
  canceled: "Canceled",
  rescinded: "Withdrawn",
  transferred: "Transferred",
};

const OUTCOME_TEXT: Record<HistoryView["outcome"], string> = {
  accepted: "Accepted",
  missed: "Missed",
  transferred: "Transferred",
  completed: "Completed",
  rejected: "Rejected",
  canceled: "Canceled",
};

export { originText, reservationOriginText } from "../src/domain/origin-words.ts";
export const phaseText = (phase: Phase): string => PHASE_TEXT[phase];
export const outcomeText = (outcome: HistoryView["outcome"]): string => OUTCOME_TEXT[outcome];

/** What the countdown is about; nothing once the client is being dialed ("Dialing…" says it). */
export function countdownLabel(countdown: Countdown, nowMs: number): string {
  if (countdown.kind === "accept") return "Accept within";
  return secondsLeft(countdown.deadlineMs, nowMs) > 0 ? "Client dialed in" : "";
}

/** "3.4 s", "1 min 05 s", or "—" for a task that was never accepted. */
export function timeToAcceptText(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/** Local time of day, "14:05", for the history list. */
export function clockText(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** True while some countdown on screen still moves, so the popup only ticks when it must. */
export function hasRunningCountdown(
  reservations: ReservationView[],
  retryAtMs: number | null,
  nowMs: number,
) {
  const deadlines = reservations.flatMap((r) => reservationCountdown(r)?.deadlineMs ?? []);
  if (retryAtMs !== null) deadlines.push(retryAtMs);
  return deadlines.some((deadline) => deadline > nowMs);
}
