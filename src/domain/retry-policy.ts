/**
 * When to ask the token service again after an answer that was not a worker token: one table, by
 * what went wrong. A floor of agents shares one token service, so a service having a bad hour must
 * not be hammered by them: the service's own Retry-After is honoured, failures back off with
 * jitter, and an answer that the same request would only get again is not asked again.
 *
 * | failure   | from                                         | asked again                                          |
 * |-----------|----------------------------------------------|------------------------------------------------------|
 * | `down`    | network error, timeout, 5xx, 429, other 4xx, | backoff (exponential, jittered, ≤ 2 min), and never  |
 * |           | an answer that is not a worker token         | before the answer's Retry-After (capped at an hour)  |
 * | `refused` | 401, 403: the Flex sign-in was refused       | slowly: every 2 min (jittered, never sooner), and    |
 * |           |                                              | at once when Flex renews its token                   |
 * | `rejected`| 400, 413: this request can never succeed     | only when Flex renews its token (or the agent asks)  |
 *
 * Every failure counts as an attempt, so the backoff also grows under a series of Retry-Afters.
 */
import { backoffDelayMs } from "./retry-timing.ts";

export const TOKEN_FAILURES = ["down", "refused", "rejected"] as const;
export type TokenFailure = (typeof TOKEN_FAILURES)[number];

/** Refused sign-ins are retried no more often than this (issue: "at most every 2 minutes"). */
export const REFUSED_RETRY_MS = 120_000;
/** The most a service's Retry-After can hold the agent off: past it, it is likely a mistake. */
export const RETRY_AFTER_CAP_MS = 3_600_000;
/** Spread of the slow retries, so a floor refused together does not come back together. */
const SLOW_JITTER = 0.1;

/** How an HTTP status that is not a success is taken. */
export function failureOfStatus(status: number): TokenFailure {
  if (status === 401 || status === 403) return "refused";
  // 400: the body is malformed; 413: the Flex token is over the contract's size limit.
  if (status === 400 || status === 413) return "rejected";
  return "down";
}

/**
 * When to ask again (epoch ms), or null for "not with this Flex token". `attempts`: the failures
 * in a row before this one (the backoff's exponent); `retryAfterMs`: the answer's Retry-After as a
 * delay from now (parseRetryAfter), or null.
 */
export function nextAttemptAtMs(
  failure: TokenFailure,
  attempts: number,
  retryAfterMs: number | null,
  nowMs: number,
  random: () => number,
): number | null {
  const asked = retryAfterMs === null ? 0 : Math.min(RETRY_AFTER_CAP_MS, retryAfterMs);
  switch (failure) {
    case "rejected":
      return null;
    case "refused":
      return nowMs + Math.round(Math.max(REFUSED_RETRY_MS, asked) * (1 + SLOW_JITTER * random()));
    case "down":
      return nowMs + Math.max(asked, backoffDelayMs(attempts, random));
  }
}

/**
 * An HTTP Retry-After (RFC 9110 §10.2.3) as a delay from now in ms: delay-seconds or an HTTP-date.
 * Null when absent or unreadable (the backoff decides then); a date in the past is no delay.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // An HTTP-date names its weekday and month: "Sun, 06 Nov 1994 08:49:37 GMT". Anything that
  // merely parses as a date (a bare "2026", "-5") is not one.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return null;
  // asctime's form has no zone; HTTP-dates are GMT, whatever this machine's zone is.
  const atMs = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  return Number.isNaN(atMs) ? null : Math.max(0, atMs - nowMs);
}
