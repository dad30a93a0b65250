import { describe, expect, it } from "vitest";
import { exchangeModule, refusedTokensModule } from "./support/token-service.ts";

/** The token service's memory of refused Flex tokens, on a clock the test moves. */

function memory(ttlMs = 60_000, maxEntries = 3) {
  let nowMs = 5_000_000;
  const refused = refusedTokensModule.createRefusedTokens({ ttlMs, maxEntries, now: () => nowMs });
  return {
    refused,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

describe("token service: refused Flex tokens", () => {
  it("remembers a refused token for its time, then forgets it", () => {
    const { refused, advance } = memory();
    expect(refused.has("junk")).toBe(false);
    refused.add("junk");
    expect(refused.has("junk")).toBe(true);
    expect(refused.has("junk2")).toBe(false);
    advance(59_999);
    expect(refused.has("junk")).toBe(true);
    advance(1);
    expect(refused.has("junk")).toBe(false);
    expect(refused.size).toBe(0);
  });

  it("keeps at most maxEntries, forgetting the oldest first", () => {
    const { refused, advance } = memory();
    for (const token of ["a", "b", "c", "d"]) {
      refused.add(token);
      advance(1_000);
    }
    expect(refused.size).toBe(3);
    expect(["a", "b", "c", "d"].map((t) => refused.has(t))).toEqual([false, true, true, true]);
  });

  it("starts a token's time again when it is refused again", () => {
    const { refused, advance } = memory();
    refused.add("junk");
    advance(50_000);
    refused.add("junk");
    advance(50_000);
    expect(refused.has("junk")).toBe(true);
    expect(refused.size).toBe(1);
  });

  it("does not take an expired entry for a live one after the clock steps back", () => {
    const { refused, advance } = memory();
    refused.add("first");
    advance(-30_000);
    refused.add("second"); // expires before "first" does
    advance(30_000 + 45_000);
    expect(refused.has("first")).toBe(true);
    expect(refused.has("second")).toBe(false);
  });

  it("has the service's numbers: 5 minutes, 1,000 tokens", () => {
    expect(exchangeModule.REFUSED_TOKEN_MEMORY).toEqual({ ttlMs: 300_000, maxEntries: 1000 });
  });
});
