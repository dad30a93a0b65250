// The rule HunkBridge's beforeTransferTask listener applies to Flex's TransferTask payload.
import { describe, expect, it } from "vitest";
import { transferVerdict } from "./transfer-verdict.ts";

const SID = `WR${"a".repeat(32)}`;

/** A TransferTask payload as Flex hands it to before-listeners: `task` resolved from `sid`. */
function payload(attributes: unknown): Record<string, unknown> {
  return { sid: SID, targetSid: `WQ${"b".repeat(32)}`, task: { sid: SID, attributes } };
}

describe("transferVerdict", () => {
  it("allows an inbound call, with attributes as an object", () => {
    expect(transferVerdict(payload({ direction: "inbound", name: "Grace Hopper" }))).toEqual({
      allowed: true,
    });
  });

  it("allows an inbound call, with attributes as the JSON string from the wire", () => {
    expect(transferVerdict(payload(JSON.stringify({ direction: "inbound" })))).toEqual({ allowed: true });
  });

  it("allows an inbound call that also carries a lead id (a client calling back)", () => {
    expect(transferVerdict(payload({ direction: "inbound", lead_id: "L-1001" }))).toEqual({ allowed: true });
  });

  it("trims the direction as the origin rule does", () => {
    expect(transferVerdict(payload({ direction: "  inbound " }))).toEqual({ allowed: true });
  });

  it.each<[string, unknown]>([
    ["type weblead", { type: "weblead" }],
    ["type weblead even when inbound", { type: "weblead", direction: "inbound" }],
    ["a lead id without direction", { lead_id: "L-1001" }],
    ["a lead id on an outbound call", { lead_id: "L-1001", direction: "outbound" }],
    ["type weblead as a JSON string", JSON.stringify({ type: "weblead" })],
  ])("stops a weblead (%s)", (_name, attributes) => {
    expect(transferVerdict(payload(attributes))).toEqual({ allowed: false, origin: "weblead" });
  });

  it.each<[string, unknown]>([
    ["empty attributes", {}],
    ["no attributes", undefined],
    ["null attributes", null],
    ["a near miss 'Inbound'", { direction: "Inbound" }],
    ["outbound", { direction: "outbound" }],
    ["direction as a number", { direction: 1 }],
    ["invalid JSON", "{direction: inbound"],
    ["JSON that is not an object", JSON.stringify(["inbound"])],
    ["an array", ["inbound"]],
    ["a number", 42],
  ])("stops an unknown origin (%s)", (_name, attributes) => {
    expect(transferVerdict(payload(attributes))).toEqual({ allowed: false, origin: "unknown" });
  });

  it.each<[string, unknown]>([
    ["undefined payload", undefined],
    ["null payload", null],
    ["a string payload", "WR123"],
    ["a payload with only a sid", { sid: SID, targetSid: `WQ${"b".repeat(32)}` }],
    ["a null task", { sid: SID, task: null }],
    ["a task that is a string", { sid: SID, task: "inbound" }],
  ])("fails closed without a task (%s)", (_name, p) => {
    expect(transferVerdict(p)).toEqual({ allowed: false, origin: "no-task" });
  });

  it("treats a task whose attributes getter throws as unknown, without throwing", () => {
    const task = {
      get attributes(): unknown {
        throw new Error("boom");
      },
    };
    expect(transferVerdict({ sid: SID, task })).toEqual({ allowed: false, origin: "unknown" });
  });

  it("treats a payload whose task getter throws as no task, without throwing", () => {
    const p = {
      get task(): unknown {
        throw new Error("boom");
      },
    };
    expect(transferVerdict(p)).toEqual({ allowed: false, origin: "no-task" });
  });

  it("treats attributes that can't be serialised as unknown", () => {
    const attributes: Record<string, unknown> = { direction: "inbound" };
    attributes.self = attributes; // circular: JSON.stringify throws
    expect(transferVerdict(payload(attributes))).toEqual({ allowed: false, origin: "unknown" });
  });

  it("reads only the task's own attributes, not inherited ones", () => {
    const attributes = Object.create({ direction: "inbound" }) as Record<string, unknown>;
    expect(transferVerdict(payload(attributes))).toEqual({ allowed: false, origin: "unknown" });
  });

  it("does not take the payload's own top-level attributes for the task's", () => {
    expect(transferVerdict({ sid: SID, attributes: { direction: "inbound" }, task: { sid: SID } })).toEqual({
      allowed: false,
      origin: "unknown",
    });
  });
});
