// The rule HunkBridge's transfer guard applies to Flex's hand-off actions: judged on Flex's own
// task, found by reservation sid in Flex's store, never on a task object the caller passed.
import { describe, expect, it } from "vitest";
import { type FlexTask, transferVerdict } from "./transfer-verdict.ts";

const SID = `WR${"a".repeat(32)}`;
const WEBLEAD = `WR${"c".repeat(32)}`;
const TARGET = `WQ${"b".repeat(32)}`;

/** Flex's store with one task on SID (and a weblead on WEBLEAD). */
function store(attributes: unknown): (sid: string) => FlexTask | undefined {
  const tasks = new Map<string, FlexTask>([
    [SID, { sid: SID, attributes }],
    [WEBLEAD, { sid: WEBLEAD, attributes: { type: "weblead", lead_id: "L-1" } }],
  ]);
  return (sid) => tasks.get(sid);
}

/** A TransferTask payload as Flex hands it to before-listeners: `task` resolved from `sid`. */
const payload = (lookup: (sid: string) => FlexTask | undefined) => ({
  sid: SID,
  targetSid: TARGET,
  task: lookup(SID),
});

describe("transferVerdict", () => {
  it("allows an inbound call, with attributes as an object, and hands back Flex's own task", () => {
    const lookup = store({ direction: "inbound", name: "Grace Hopper" });
    expect(transferVerdict(payload(lookup), lookup)).toEqual({ allowed: true, task: lookup(SID) });
  });

  it("allows an inbound call, with attributes as the JSON string from the wire", () => {
    const lookup = store(JSON.stringify({ direction: "inbound" }));
    expect(transferVerdict(payload(lookup), lookup)).toMatchObject({ allowed: true });
  });

  it("allows an inbound call that also carries a lead id (a client calling back)", () => {
    const lookup = store({ direction: "inbound", lead_id: "L-1001" });
    expect(transferVerdict(payload(lookup), lookup)).toMatchObject({ allowed: true });
  });

  it("trims the direction as the origin rule does", () => {
    const lookup = store({ direction: "  inbound " });
    expect(transferVerdict(payload(lookup), lookup)).toMatchObject({ allowed: true });
  });

  it("judges a payload with only a sid by Flex's task for it", () => {
    const lookup = store({ direction: "inbound" });
    expect(transferVerdict({ sid: SID, targetSid: TARGET }, lookup)).toMatchObject({ allowed: true });
    expect(transferVerdict({ sid: WEBLEAD, targetSid: TARGET }, lookup)).toEqual({
      allowed: false,
      origin: "weblead",
    });
  });

  it.each<[string, unknown]>([
    ["type weblead", { type: "weblead" }],
    ["type weblead even when inbound", { type: "weblead", direction: "inbound" }],
    ["a lead id without direction", { lead_id: "L-1001" }],
    ["a lead id on an outbound call", { lead_id: "L-1001", direction: "outbound" }],
    ["type weblead as a JSON string", JSON.stringify({ type: "weblead" })],
  ])("stops a weblead (%s)", (_name, attributes) => {
    const lookup = store(attributes);
    expect(transferVerdict(payload(lookup), lookup)).toEqual({ allowed: false, origin: "weblead" });
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
    const lookup = store(attributes);
    expect(transferVerdict(payload(lookup), lookup)).toEqual({ allowed: false, origin: "unknown" });
  });

  describe("never takes the caller's task object for Flex's", () => {
    const lookup = store({ direction: "inbound" });

    it("a forged inbound-looking task over a weblead's reservation is the weblead", () => {
      const forged = { sid: WEBLEAD, task: { sid: WEBLEAD, attributes: { direction: "inbound" } } };
      expect(transferVerdict({ ...forged, targetSid: TARGET }, lookup)).toEqual({
        allowed: false,
        origin: "weblead",
      });
    });

    it("a task that names another reservation than the payload is judged by the task's (the one the action moves)", () => {
      const p = { sid: SID, targetSid: TARGET, task: { sid: WEBLEAD, attributes: { direction: "inbound" } } };
      expect(transferVerdict(p, lookup)).toEqual({ allowed: false, origin: "weblead" });
    });

    it("a task Flex's store does not know is no task", () => {
      const p = {
        sid: `WR${"f".repeat(32)}`,
        task: { sid: `WR${"f".repeat(32)}`, attributes: { direction: "inbound" } },
      };
      expect(transferVerdict(p, lookup)).toEqual({ allowed: false, origin: "no-task" });
    });

    it("does not take the payload's own top-level attributes for the task's", () => {
      const bare = store(undefined);
      expect(transferVerdict({ sid: SID, attributes: { direction: "inbound" } }, bare)).toEqual({
        allowed: false,
        origin: "unknown",
      });
    });
  });

  it.each<[string, unknown]>([
    ["undefined payload", undefined],
    ["null payload", null],
    ["a string payload", "WR123"],
    ["a payload without a sid or a task", { targetSid: TARGET }],
    ["a null task and no sid", { task: null }],
    ["a sid that is not text", { sid: 42 }],
    ["an empty sid", { sid: "" }],
  ])("fails closed without a task (%s)", (_name, p) => {
    expect(transferVerdict(p, store({ direction: "inbound" }))).toEqual({
      allowed: false,
      origin: "no-task",
    });
  });

  it("fails closed when Flex's store cannot be read", () => {
    const broken = () => {
      throw new Error("no store");
    };
    expect(transferVerdict({ sid: SID }, broken)).toEqual({ allowed: false, origin: "no-task" });
  });

  it("treats a stored task whose attributes getter throws as unknown, without throwing", () => {
    const task = {
      sid: SID,
      get attributes(): unknown {
        throw new Error("boom");
      },
    };
    expect(transferVerdict({ sid: SID }, () => task)).toEqual({ allowed: false, origin: "unknown" });
  });

  it("reads the payload's sid when its task getter throws", () => {
    const p = {
      sid: SID,
      get task(): unknown {
        throw new Error("boom");
      },
    };
    expect(transferVerdict(p, store({ direction: "inbound" }))).toMatchObject({ allowed: true });
  });

  it("treats attributes that can't be serialised as unknown", () => {
    const attributes: Record<string, unknown> = { direction: "inbound" };
    attributes.self = attributes; // circular: JSON.stringify throws
    const lookup = store(attributes);
    expect(transferVerdict(payload(lookup), lookup)).toEqual({ allowed: false, origin: "unknown" });
  });

  it("reads only the task's own attributes, not inherited ones", () => {
    const lookup = store(Object.create({ direction: "inbound" }));
    expect(transferVerdict(payload(lookup), lookup)).toEqual({ allowed: false, origin: "unknown" });
  });
});
