import { describe, expect, it } from "vitest";
import { inHandView, reservation, view } from "../../../tests/unit/fake-view.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { decideTransferGuard, type GuardReason } from "./guard-decision.ts";

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
