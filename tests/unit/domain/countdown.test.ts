import { describe, expect, it } from "vitest";
import {
  countdownDeadline,
  countdownText,
  deadlineReached,
  dialCountdownText,
  secondsLeft,
} from "../../../src/domain/countdown.ts";

const DEADLINE = 1_700_000_010_000;

describe("secondsLeft", () => {
  it.each([
    [10_000, 10],
    [9_001, 10],
    [9_000, 9],
    [1, 1],
    [0, 0],
    [-1, 0],
    [-60_000, 0],
  ])("%i ms before the deadline → %i", (msLeft, expected) => {
    expect(secondsLeft(DEADLINE, DEADLINE - msLeft)).toBe(expected);
  });

  it("is 0 for nonsense times", () => {
    expect(secondsLeft(Number.NaN, 0)).toBe(0);
    expect(secondsLeft(DEADLINE, Number.NaN)).toBe(0);
  });
});

describe("dialCountdownText", () => {
  it.each([
    [15_000, "15 s"],
    [12_400, "13 s"],
    [1, "1 s"],
    [0, "Dialing…"],
    [-5_000, "Dialing…"],
  ])("%i ms before dialing → %s", (msLeft, expected) => {
    expect(dialCountdownText(DEADLINE, DEADLINE - msLeft)).toBe(expected);
  });
});

describe("countdownText", () => {
  it("uses the dial text for a dial countdown", () => {
    expect(countdownText({ kind: "dial", deadlineMs: DEADLINE }, DEADLINE)).toBe("Dialing…");
    expect(countdownText({ kind: "dial", deadlineMs: DEADLINE }, DEADLINE - 3_000)).toBe("3 s");
  });

  it("stops an accept countdown at 0 s", () => {
    expect(countdownText({ kind: "accept", deadlineMs: DEADLINE }, DEADLINE - 2_500)).toBe("3 s");
    expect(countdownText({ kind: "accept", deadlineMs: DEADLINE }, DEADLINE + 2_000)).toBe("0 s");
  });
});

describe("countdownDeadline", () => {
  it("ends a countdown its seconds after its start", () => {
    expect(countdownDeadline(DEADLINE, 15)).toBe(DEADLINE + 15_000);
    expect(countdownDeadline(DEADLINE, 0)).toBe(DEADLINE);
  });
});

describe("deadlineReached", () => {
  it.each([10_000, 1_001, 1_000, 1, 0.5, 0, -0.5, -1, -60_000])(
    "%s ms before the deadline: reached exactly when the countdown shows 0",
    (msLeft) => {
      const now = DEADLINE - msLeft;
      expect(deadlineReached(DEADLINE, now)).toBe(secondsLeft(DEADLINE, now) === 0);
      expect(deadlineReached(DEADLINE, now)).toBe(dialCountdownText(DEADLINE, now) === "Dialing…");
    },
  );

  it("never reaches a deadline that isn't a number", () => {
    expect(deadlineReached(Number.NaN, DEADLINE)).toBe(false);
  });
});
