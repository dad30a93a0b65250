import { describe, expect, it } from "vitest";
import { dialDeadline, pendingReservations } from "../../../src/domain/view-queries.ts";
import { inHandView, reservation, view } from "../fake-view.ts";

describe("the agent view's reservations, as the pages ask for them", () => {
  it("lists only pending reservations", () => {
    const a = reservation({ phase: "pending" });
    const b = reservation({ phase: "review" });
    expect(pendingReservations(view({ reservations: [a, b] }))).toEqual([a]);
    expect(pendingReservations(null)).toEqual([]);
  });

  // When the dial countdown runs is the domain's rule (dialCountdownDeadline, tested in
  // tests/unit/domain/reservation.test.ts); here only that it is asked of the task in hand.
  it("counts to the dial time of the task in hand, and of nothing else", () => {
    expect(dialDeadline(inHandView({ dialAtMs: 5 }))).toBe(5);
    expect(dialDeadline(inHandView({ dialAtMs: 5, phase: "wrapup" }))).toBeNull();
    const offer = reservation({ phase: "review", dialAtMs: 5 });
    expect(dialDeadline(view({ reservations: [offer] }))).toBeNull();
    expect(dialDeadline(view())).toBeNull();
    expect(dialDeadline(null)).toBeNull();
  });
});
