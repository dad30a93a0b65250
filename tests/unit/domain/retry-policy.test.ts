import { describe, expect, it } from "vitest";
import { reduceConnection } from "../../../src/domain/connection-machine.ts";
import {
  type ConnectionEffect,
  type ConnectionState,
  type ExchangeOutcome,
  INITIAL_CONNECTION,
} from "../../../src/domain/connection-state.ts";
import {
  failureOfStatus,
  nextAttemptAtMs,
  parseRetryAfter,
  REFUSED_RETRY_MS,
  RETRY_AFTER_CAP_MS,
} from "../../../src/domain/retry-policy.ts";

const NOW = Date.parse("2026-12-07T14:00:00Z");
const MIDDLE = () => 0.5;

describe("failureOfStatus: how each answer is taken", () => {
  it.each([
    [401, "refused"],
    [403, "refused"],
    [400, "rejected"],
    [413, "rejected"],
    [429, "down"],
    [500, "down"],
    [502, "down"],
    [503, "down"],
    [504, "down"],
    [404, "down"],
    [408, "down"],
  ] as const)("HTTP %i is %s", (status, failure) => {
    expect(failureOfStatus(status)).toBe(failure);
  });
});

describe("nextAttemptAtMs", () => {
  it("never asks again with a rejected request", () => {
    expect(nextAttemptAtMs("rejected", 0, null, NOW, MIDDLE)).toBeNull();
    expect(nextAttemptAtMs("rejected", 5, 1_000, NOW, MIDDLE)).toBeNull();
  });

  it("asks again after a refusal no sooner than every 2 minutes, spread over 12 s", () => {
    expect(nextAttemptAtMs("refused", 0, null, NOW, () => 0)).toBe(NOW + REFUSED_RETRY_MS);
    expect(nextAttemptAtMs("refused", 7, null, NOW, () => 1)).toBe(NOW + 132_000);
    // A longer Retry-After on a refusal is honoured too.
    expect(nextAttemptAtMs("refused", 0, 600_000, NOW, () => 0)).toBe(NOW + 600_000);
  });

  it("backs off exponentially with jitter while the service is down, up to 2 minutes", () => {
    const delays = [0, 1, 2, 3, 6, 7, 20].map(
      (n) => (nextAttemptAtMs("down", n, null, NOW, MIDDLE) ?? 0) - NOW,
    );
    expect(delays).toEqual([750, 1_500, 3_000, 6_000, 48_000, 90_000, 90_000]);
    expect((nextAttemptAtMs("down", 20, null, NOW, () => 1) ?? 0) - NOW).toBe(120_000);
  });

  it("never asks before the service's Retry-After, nor before the backoff when that is longer", () => {
    expect(nextAttemptAtMs("down", 0, 20_000, NOW, MIDDLE)).toBe(NOW + 20_000);
    expect(nextAttemptAtMs("down", 10, 1_000, NOW, MIDDLE)).toBe(NOW + 90_000);
    // A Retry-After of a week is a mistake: an hour at most.
    expect(nextAttemptAtMs("down", 0, 7 * 86_400_000, NOW, MIDDLE)).toBe(NOW + RETRY_AFTER_CAP_MS);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["20", 20_000],
    ["0", 0],
    [" 120 ", 120_000],
    ["Mon, 07 Dec 2026 14:00:30 GMT", 30_000],
    ["Monday, 07-Dec-26 14:01:00 GMT", 60_000],
    ["Mon Dec  7 14:00:05 2026", 5_000],
    // A date in the past is no delay at all.
    ["Mon, 07 Dec 2026 13:00:00 GMT", 0],
  ])("reads %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([null, "", "-5", "1.5", "soon", "Mon, 99 Foo 2026 GMT"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});

/**
 * The figure the issue asks for: requests one agent's extension sends to a token service that
 * fails for an hour, driving the real transition table (timers and the watchdog's resume every
 * 30 s included) with a seeded jitter.
 */
function requestsDuringOutage(outcome: ExchangeOutcome, hourMs = 3_600_000): number {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let state: ConnectionState = {
    ...INITIAL_CONNECTION,
    tokenUrl: "https://tokens.example/token",
    secrets: { ...INITIAL_CONNECTION.secrets, flexToken: "flex-1" },
  };
  let timerAtMs: number | null = null;
  let requests = 0;
  let nowMs = NOW;
  const run = (event: Parameters<typeof reduceConnection>[1]) => {
    const step = reduceConnection(state, event, nowMs, random);
    state = step.state;
    for (const effect of step.effects as ConnectionEffect[]) {
      if (effect.type === "set-timer") timerAtMs = effect.atMs;
      if (effect.type === "clear-timer") timerAtMs = null;
      if (effect.type === "exchange") {
        requests += 1;
        run({ type: "exchanged", tokenUrl: effect.tokenUrl, flexToken: effect.flexToken, outcome });
      }
    }
  };
  run({ type: "resume" });
  const WATCHDOG_MS = 30_000;
  let nextWatchdogMs = NOW + WATCHDOG_MS;
  while (nowMs < NOW + hourMs) {
    if (timerAtMs !== null && timerAtMs <= nextWatchdogMs) {
      nowMs = timerAtMs;
      timerAtMs = null;
      run({ type: "timer-fired" });
    } else {
      nowMs = nextWatchdogMs;
      nextWatchdogMs += WATCHDOG_MS;
      run({ type: "resume" });
    }
  }
  return requests;
}

describe("requests per agent during a one-hour outage of the token service", () => {
  const fail = (failure: "down" | "refused", retryAfterMs: number | null = null): ExchangeOutcome => ({
    kind: "failed",
    failure,
    reason: "outage",
    retryAfterMs,
  });

  it("is about 40 when the service answers 503 without Retry-After (backoff capped at 2 min)", () => {
    const requests = requestsDuringOutage(fail("down"));
    console.log(`one-hour outage, 503 without Retry-After: ${requests} requests per agent`);
    expect(requests).toBeGreaterThanOrEqual(30);
    expect(requests).toBeLessThanOrEqual(50);
  });

  it("is no more when the service says Retry-After: 20 (the backoff still grows)", () => {
    const requests = requestsDuringOutage(fail("down", 20_000));
    console.log(`one-hour outage, 503 with Retry-After: 20: ${requests} requests per agent`);
    expect(requests).toBeLessThanOrEqual(50);
  });

  it("is at most 31 while the service refuses the sign-in (every 2 minutes or more)", () => {
    const requests = requestsDuringOutage(fail("refused"));
    console.log(`one-hour outage, 401: ${requests} requests per agent`);
    expect(requests).toBeLessThanOrEqual(31);
    expect(requests).toBeGreaterThanOrEqual(25);
  });
});
