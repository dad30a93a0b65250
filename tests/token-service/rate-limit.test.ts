import { describe, expect, it } from "vitest";
import { exchangeModule, rateLimitModule } from "./support/token-service.ts";

/** The token bucket behind the token service's rate limit, on a clock the test moves. */

const { takeToken, createRateLimiter } = rateLimitModule;
const RULE = { burst: 3, perSecond: 0.5 };

function limiter(rule = RULE, maxKeys = 10) {
  let nowMs = 1_000_000;
  const limit = createRateLimiter({ rule, maxKeys, now: () => nowMs });
  return {
    limit,
    advance(ms: number) {
      nowMs += ms;
    },
    takeMany(key: string, n: number) {
      return Array.from({ length: n }, () => limit.take(key));
    },
  };
}

describe("token service: rate limit (token bucket)", () => {
  it("lets a new client spend its burst at once, then refuses with the whole seconds until one token is back", () => {
    const { takeMany } = limiter();
    expect(takeMany("a", 4)).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      // 0.5 a second: one token in 2 s.
      { allowed: false, retryAfterSeconds: 2 },
    ]);
  });

  it("refills at its rate: after Retry-After the client may ask again, once", () => {
    const { limit, advance } = limiter();
    for (let i = 0; i < 3; i++) limit.take("a");
    expect(limit.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    advance(1_000); // half a token: still refused, for the remaining second
    expect(limit.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1_000);
    expect(limit.take("a")).toEqual({ allowed: true });
    expect(limit.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it("never holds more than its burst, however long the client was idle", () => {
    const { limit, advance, takeMany } = limiter();
    limit.take("a");
    advance(3_600_000);
    expect(takeMany("a", 4).map((t) => t.allowed)).toEqual([true, true, true, false]);
  });

  it("keeps each client's bucket apart", () => {
    const { limit, takeMany } = limiter();
    takeMany("a", 4);
    expect(limit.take("b")).toEqual({ allowed: true });
    expect(limit.take("a").allowed).toBe(false);
  });

  it("earns nothing, and takes nothing away, when the clock steps back", () => {
    const { limit, advance, takeMany } = limiter();
    takeMany("a", 3);
    advance(-60_000);
    expect(limit.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    advance(2_000);
    expect(limit.take("a")).toEqual({ allowed: true });
  });

  it("keeps at most maxKeys buckets, dropping the one idle longest", () => {
    const { limit, takeMany } = limiter(RULE, 2);
    takeMany("a", 3);
    takeMany("b", 3);
    limit.take("a"); // a is now the most recently used
    limit.take("c"); // drops b
    expect(limit.size).toBe(2);
    expect(limit.take("a").allowed).toBe(false);
    expect(limit.take("b").allowed).toBe(true); // a fresh bucket: b had been dropped
  });

  it("is a pure function of a bucket, the time and the rule", () => {
    const first = takeToken(undefined, 0, RULE);
    expect(first).toEqual({ bucket: { tokens: 2, atMs: 0 }, take: { allowed: true } });
    const empty = { tokens: 0.25, atMs: 0 };
    expect(takeToken(empty, 0, RULE)).toEqual({
      bucket: { tokens: 0.25, atMs: 0 },
      take: { allowed: false, retryAfterSeconds: 2 }, // 0.75 token at 0.5/s: 1.5 s, rounded up
    });
    expect(takeToken(empty, 1_500, RULE)).toEqual({
      bucket: { tokens: 0, atMs: 1_500 },
      take: { allowed: true },
    });
  });

  it("has the service's numbers: a burst of 150, one a second", () => {
    expect(exchangeModule.CLIENT_RATE_LIMIT).toEqual({ burst: 150, perSecond: 1 });
    const { takeMany, advance, limit } = limiter(exchangeModule.CLIENT_RATE_LIMIT);
    const takes = takeMany("fleet", 151);
    expect(takes.filter((t) => t.allowed)).toHaveLength(150);
    expect(takes[150]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(60_000);
    expect(takeMany("fleet", 61).filter((t) => t.allowed)).toHaveLength(60);
    expect(limit.take("fleet")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
