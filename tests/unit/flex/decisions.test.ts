import { describe, expect, it } from "vitest";
import {
  decideTransferGuard,
  dialDeadline,
  type GuardReason,
  pendingReservations,
  showOfflineBanner,
} from "../../../content-scripts/flex/overlays/decisions.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";
import { inHandView, reservation, view } from "../fake-view.ts";

describe("the transfer guard decision", () => {
  const inbound = { origin: "inbound" as const, transferAllowed: true };
  const cases: Array<[string, AgentView | null, boolean, GuardReason]> = [
    ["no view (never connected)", null, true, "not-connected"],
    [
      "signing in",
      view({ connection: { status: "signing-in", detail: null, identity: null, retryAtMs: null } }),
      true,
      "not-connected",
    ],
    [
      "reconnecting, even with an inbound call in hand",
      inHandView(inbound, {
        connection: { status: "reconnecting", detail: null, identity: null, retryAtMs: 1 },
      }),
      true,
      "not-connected",
    ],
    ["connected, no task in hand", view(), true, "unknown-task"],
    ["in hand points to an unknown reservation", view({ inHand: "WRnope" }), true, "unknown-task"],
    ["weblead in hand", inHandView({ origin: "weblead" }), true, "weblead"],
    ["unknown origin in hand", inHandView({ origin: "unknown" }), true, "unknown-origin"],
    ["inbound in hand", inHandView(inbound), false, "inbound"],
    ["inbound in hand, dialing", inHandView({ ...inbound, phase: "dialing" }), false, "inbound"],
    [
      "inbound but the view says not allowed",
      inHandView({ origin: "inbound", transferAllowed: false }),
      true,
      "unknown-origin",
    ],
    [
      "weblead that claims to be allowed",
      inHandView({ origin: "weblead", transferAllowed: true }),
      true,
      "weblead",
    ],
    [
      "a pending inbound offer does not unlock a weblead in hand",
      (() => {
        const v = inHandView({ origin: "weblead" });
        return { ...v, reservations: [...v.reservations, reservation({ ...inbound })] };
      })(),
      true,
      "weblead",
    ],
  ];
  it.each(cases)("%s", (_name, v, block, reason) => {
    const decision = decideTransferGuard(v);
    expect(decision.block).toBe(block);
    expect(decision.reason).toBe(reason);
    if (block) expect(decision.message).toMatch(/Only inbound calls go to customer service\./);
    else expect(decision.message).toBeNull();
  });
});

describe("countdown and banner decisions", () => {
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

  it("shows the Offline banner only after a missed reservation", () => {
    expect(showOfflineBanner(view({ offlineAfterMiss: true }))).toBe(true);
    expect(showOfflineBanner(view())).toBe(false);
    expect(showOfflineBanner(null)).toBe(false);
  });
});
