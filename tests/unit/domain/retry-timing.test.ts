import { describe, expect, it } from "vitest";
import { backoffDelayMs, refreshAtMs } from "../../../src/domain/retry-timing.ts";

describe("backoffDelayMs", () => {
  it.each([
    [0, 0, 500],
    [0, 1, 1_000],
    [1, 0, 1_000],
    [3, 1, 8_000],
    [10, 0, 60_000],
    [10, 1, 120_000],
    [50, 1, 120_000],
  ])("attempt %i with random %f → %i ms", (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, () => random)).toBe(expected);
  });
});

describe("refreshAtMs", () => {
  const issued = 1_000_000;
  it("refreshes a minute before a long-lived token expires", () => {
    expect(refreshAtMs(issued, issued + 3_600_000)).toBe(issued + 3_540_000);
  });
  it("refreshes at 80 % of a short-lived token", () => {
    expect(refreshAtMs(issued, issued + 100_000)).toBe(issued + 80_000);
  });
  it("never refreshes before now, even for an expired token", () => {
    expect(refreshAtMs(issued, issued - 5_000)).toBe(issued);
  });
});
