import { describe, expect, it } from "vitest";
import { leadCreatedAtMs, MAX_LEAD_AFTER_OFFER_MS } from "./lead-created-at.ts";

const OFFER = Date.UTC(2025, 2, 4, 14, 5, 0);
const at = (value: unknown) => leadCreatedAtMs({ lead_created_at: value }, OFFER);

describe("leadCreatedAtMs", () => {
  it("reads ISO 8601 with a zone, in either offset form", () => {
    expect(at("2025-03-04T14:03:30Z")).toBe(OFFER - 90_000);
    expect(at("2025-03-04T09:03:30.250-05:00")).toBe(OFFER - 89_750);
    expect(at("2025-03-04T09:03:30-0500")).toBe(OFFER - 90_000);
    expect(at(" 2025-03-04T14:03Z ")).toBe(OFFER - 120_000);
  });

  it("reads epoch seconds and milliseconds, as numbers or digits", () => {
    expect(at((OFFER - 60_000) / 1000)).toBe(OFFER - 60_000);
    expect(at(OFFER - 60_000)).toBe(OFFER - 60_000);
    expect(at(String((OFFER - 60_000) / 1000))).toBe(OFFER - 60_000);
    expect(at(`${(OFFER - 60_500) / 1000}`)).toBe(OFFER - 60_500);
  });

  it("ignores what can't be a lead time: missing, zoneless, garbage, too early, after the offer", () => {
    expect(leadCreatedAtMs({}, OFFER)).toBeNull();
    expect(at("2025-03-04T14:03:30")).toBeNull();
    expect(at("yesterday")).toBeNull();
    expect(at("")).toBeNull();
    expect(at(null)).toBeNull();
    expect(at({ toString: () => "1741097000" })).toBeNull();
    expect(at(Number.NaN)).toBeNull();
    expect(at(12345)).toBeNull(); // 1970
    expect(at(OFFER + MAX_LEAD_AFTER_OFFER_MS + 1)).toBeNull();
    expect(at(OFFER + 2_000)).toBe(OFFER + 2_000); // clock skew, kept: durations clamp at zero
  });

  it("only reads the task's own attribute, never an inherited one", () => {
    const attrs = Object.create({ lead_created_at: "2025-03-04T14:03:30Z" }) as Record<string, unknown>;
    expect(leadCreatedAtMs(attrs, OFFER)).toBeNull();
  });
});
