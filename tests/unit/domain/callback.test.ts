import { describe, expect, it } from "vitest";
import { isCallback } from "../../../src/domain/callback.ts";
import { originText } from "../../../src/domain/origin-words.ts";
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
