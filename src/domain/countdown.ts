// The two countdowns an agent sees: time left to accept a reservation, and review time left before
// Twilio dials the client. Flex and Hunkware pages render the same text from here so they never
// disagree by a second.

export type Countdown = { kind: "accept" | "dial"; deadlineMs: number };

/**
 * When a countdown of `seconds` started at `startMs` ends: the accept window from the offer's
 * creation, the review time from the accept (the dial time, when the reservation starts dialing).
 */
export function countdownDeadline(startMs: number, seconds: number): number {
  return startMs + seconds * 1000;
}

/**
 * Whole seconds left, as a person reads a countdown: 9.2 s left shows "10", and it reaches 0 exactly
 * at the deadline, never below.
 */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  const seconds = Math.ceil((deadlineMs - nowMs) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/**
 * Whether a deadline has come: from the very moment `secondsLeft()` shows 0, so the reservation starts
 * dialing exactly when its countdown reads "Dialing…". A deadline that isn't a number never comes:
 * nothing moves on a time nobody knows.
 */
export function deadlineReached(deadlineMs: number, nowMs: number): boolean {
  return nowMs >= deadlineMs;
}

/** "12 s" while reviewing, "Dialing…" from the moment the dial deadline is reached (CONTRACT §4). */
export function dialCountdownText(deadlineMs: number, nowMs: number): string {
  const seconds = secondsLeft(deadlineMs, nowMs);
  return seconds > 0 ? `${seconds} s` : "Dialing…";
}

/** Text for either countdown; the accept countdown simply stops at "0 s" (Twilio decides the timeout). */
export function countdownText(countdown: Countdown, nowMs: number): string {
  return countdown.kind === "dial"
    ? dialCountdownText(countdown.deadlineMs, nowMs)
    : `${secondsLeft(countdown.deadlineMs, nowMs)} s`;
}
