import { describe, expect, it } from "vitest";
import { countdownLabel } from "../../../popup/task-text.ts";
import { countdownText } from "../../../src/domain/countdown.ts";
import { reservationCountdown } from "../../../src/domain/reservation.ts";

describe("the popup's countdown line", () => {
  const base = { acceptDeadlineMs: 10_000, dialAtMs: 40_000 };
  const line = (phase: "pending" | "review" | "dialing" | "wrapup", nowMs: number) => {
    const countdown = reservationCountdown({ ...base, phase });
    return countdown ? `${countdownLabel(countdown, nowMs)} ${countdownText(countdown, nowMs)}`.trim() : null;
  };

  it.each([
    ["pending", 1_500, "Accept within 9 s"],
    ["review", 30_200, "Client dialed in 10 s"],
    ["review", 40_000, "Dialing…"],
    ["dialing", 45_000, "Dialing…"],
    ["wrapup", 45_000, null],
  ] as const)("%s at %i ms → %s", (phase, nowMs, expected) => {
    expect(line(phase, nowMs)).toBe(expected);
  });
});
