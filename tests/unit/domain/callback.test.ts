import { describe, expect, it } from "vitest";
import { isCallback } from "../../../src/domain/callback.ts";
import { callbackLeadText, originText, reservationOriginText } from "../../../src/domain/origin-words.ts";
import { sameNanpNumber } from "../../../src/domain/phone.ts";

const CALLER_ID = "+18553409128";

describe("isCallback: an inbound call to our outbound caller ID", () => {
  it("recognises the caller ID in any spelling Twilio or a workflow may use", () => {
    for (const to of ["+18553409128", "18553409128", "8553409128", "1-855-340-9128", "(855) 340-9128"]) {
      expect(isCallback({ direction: "inbound", to, from: "+16175550123" }, CALLER_ID), to).toBe(true);
    }
    // Attributes are JSON a workflow writes: a number written as a number is still that number.
    expect(isCallback({ direction: "inbound", to: 18553409128 }, CALLER_ID)).toBe(true);
  });

  it("is not a callback when the call went to another number, or has no number", () => {
    expect(isCallback({ direction: "inbound", to: "+18005550100" }, CALLER_ID)).toBe(false);
    expect(isCallback({ direction: "inbound" }, CALLER_ID)).toBe(false);
    expect(isCallback({ direction: "inbound", to: "client:ada" }, CALLER_ID)).toBe(false);
  });

  it("is never a callback unless the task is inbound (weblead and unknown origins)", () => {
    expect(isCallback({ type: "weblead", to: CALLER_ID }, CALLER_ID)).toBe(false);
    expect(isCallback({ direction: "outbound", to: CALLER_ID }, CALLER_ID)).toBe(false);
    expect(isCallback({ to: CALLER_ID }, CALLER_ID)).toBe(false);
  });

  it("follows the configured caller ID", () => {
    const attrs = { direction: "inbound", to: "+16175550199" };
    expect(isCallback(attrs, CALLER_ID)).toBe(false);
    expect(isCallback(attrs, "+16175550199")).toBe(true);
  });
});

describe("sameNanpNumber", () => {
  it("compares the ten digits and refuses what is not a NANP number", () => {
    expect(sameNanpNumber("9 617 555 0123", "+16175550123")).toBe(true);
    expect(sameNanpNumber("+16175550123", "+16175550124")).toBe(false);
    expect(sameNanpNumber("+44 20 7946 0958", "+44 20 7946 0958")).toBe(false);
    expect(sameNanpNumber(null, "+16175550123")).toBe(false);
  });
});

describe("originText", () => {
  it("names each origin, and an inbound call to our caller ID a callback", () => {
    expect(originText("weblead")).toBe("Web lead");
    expect(originText("inbound")).toBe("Inbound call");
    expect(originText("inbound", true)).toBe("Inbound callback");
    expect(originText("unknown", true)).toBe("Unknown origin");
    expect(originText("weblead", true)).toBe("Web lead");
  });
});

describe("callbackLeadText and reservationOriginText", () => {
  // Local time, as the agent's browser shows it: Tuesday 24 November 2026, 10:42.
  const calledAtMs = new Date(2026, 10, 24, 10, 42).getTime();

  it('reads "Callback — lead L-1234, called Tue 10:42"', () => {
    expect(callbackLeadText({ leadId: "L-1234", calledAtMs })).toBe(
      "Callback — lead L-1234, called Tue 10:42",
    );
    expect(callbackLeadText({ leadId: "L-9", calledAtMs: new Date(2026, 10, 29, 7, 5).getTime() })).toBe(
      "Callback — lead L-9, called Sun 07:05",
    );
  });

  it("is the origin line of a linked callback; without a link, the origin as before", () => {
    const linkedLead = { leadId: "L-1234", calledAtMs };
    expect(reservationOriginText({ origin: "inbound", callback: true, linkedLead })).toBe(
      "Callback — lead L-1234, called Tue 10:42",
    );
    expect(reservationOriginText({ origin: "inbound", callback: true, linkedLead: null })).toBe(
      "Inbound callback",
    );
    expect(reservationOriginText({ origin: "weblead", callback: false, linkedLead })).toBe("Web lead");
  });
});
