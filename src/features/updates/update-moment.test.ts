import { describe, expect, it } from "vitest";
import { RESERVATION_PHASES, type ReservationPhase } from "../../domain/reservation-lifecycle.ts";
import { updateWaitsFor } from "./update-moment.ts";

const session = (...phases: ReservationPhase[]) => ({
  reservations: phases.map((phase) => ({ phase }) as never),
});

describe("updateWaitsFor: the first moment with no offer, no review and no call", () => {
  it.each([
    [[], null],
    [["wrapup"], null],
    [["pending"], "the offer"],
    [["review"], "the review"],
    [["dialing"], "the call"],
    [["wrapup", "pending"], "the offer"],
    [["pending", "dialing"], "the call"],
    [["review", "pending"], "the review"],
  ] as const)("%j → %s", (phases, wait) => {
    expect(updateWaitsFor(session(...phases))).toBe(wait);
  });

  it("waits for nothing in a phase that is over", () => {
    const over = RESERVATION_PHASES.filter((p) => !["pending", "review", "dialing", "wrapup"].includes(p));
    expect(over.length).toBeGreaterThan(0);
    for (const phase of over) expect(updateWaitsFor(session(phase))).toBeNull();
  });
});
