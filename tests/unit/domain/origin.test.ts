import { describe, expect, it } from "vitest";
import { classifyOrigin, isTransferAllowed, type TaskOrigin } from "../../../src/domain/origin.ts";

describe("classifyOrigin", () => {
  it.each<[string, Record<string, unknown>, TaskOrigin]>([
    ["type weblead", { type: "weblead" }, "weblead"],
    ["type weblead wins over direction inbound", { type: "weblead", direction: "inbound" }, "weblead"],
    ["lead_id without direction", { lead_id: "L-1" }, "weblead"],
    ["numeric lead_id", { lead_id: 1001 }, "weblead"],
    ["lead_id with outbound direction", { lead_id: "L-1", direction: "outbound" }, "weblead"],
    ["lead_id on an inbound call", { lead_id: "L-1", direction: "inbound" }, "inbound"],
    ["direction inbound", { direction: "inbound", from: "+16175550123" }, "inbound"],
    ["blank lead_id is no lead_id", { lead_id: "  " }, "unknown"],
    ["nothing", {}, "unknown"],
    ["outbound without lead", { direction: "outbound" }, "unknown"],
    ["a near miss stays unknown", { direction: "Inbound" }, "unknown"],
    ["a non-string type", { type: ["weblead"] }, "unknown"],
    ["another type", { type: "callback" }, "unknown"],
  ])("%s", (_label, attrs, expected) => {
    expect(classifyOrigin(attrs)).toBe(expected);
  });
});

describe("isTransferAllowed", () => {
  it.each<[TaskOrigin, boolean]>([
    ["inbound", true],
    ["weblead", false],
    ["unknown", false],
  ])("%s → %s", (origin, allowed) => {
    expect(isTransferAllowed(origin)).toBe(allowed);
  });
});
