// HunkBridge's listeners on Flex's Actions, against the sandbox fixture's own Actions framework
// (sandbox/fixtures/flex/actions.ts) with fake TransferTask / StartOutboundCall bodies that record
// what they get: what these tests show is what Flex's body would receive.
import { describe, expect, it, vi } from "vitest";
import {
  type ActionListener,
  type ExtensionLink,
  type FlexActionsLike,
  installActionListeners,
} from "../../../content-scripts/flex/actions/listeners.ts";
import { type ActionPayload, FlexActions } from "../../../sandbox/fixtures/flex/actions.ts";
import type { DialVerdict } from "../../../src/protocol/messages.ts";

const SID = `WR${"a".repeat(32)}`;
const WEBLEAD_SID = `WR${"b".repeat(32)}`;
const UNKNOWN_SID = `WR${"c".repeat(32)}`;
const JSON_INBOUND_SID = `WR${"d".repeat(32)}`;
const TARGET = `WQ${"e".repeat(32)}`;
const CALLER_ID = "+18553409128";

/** The tasks Flex knows, by reservation SID (what TransferTask's payload completion resolves). */
const TASKS: Record<string, { sid: string; attributes: unknown }> = {
  [SID]: { sid: SID, attributes: { direction: "inbound", name: "Grace Hopper" } },
  [WEBLEAD_SID]: { sid: WEBLEAD_SID, attributes: { type: "weblead", lead_id: "L-1" } },
  [UNKNOWN_SID]: { sid: UNKNOWN_SID, attributes: {} },
  [JSON_INBOUND_SID]: { sid: JSON_INBOUND_SID, attributes: JSON.stringify({ direction: "inbound" }) },
};

interface FakeLink extends ExtensionLink {
  reports: unknown[];
  checks: string[];
  /** What checkDial resolves with next. */
  answer: DialVerdict | null;
}

function fakeLink(answer: DialVerdict | null = null): FakeLink {
  const link: FakeLink = {
    reports: [],
    checks: [],
    answer,
    async checkDial(destination) {
      link.checks.push(destination);
      return link.answer;
    },
    report(message) {
      link.reports.push(message);
    },
  };
  return link;
}

function setUp(answer: DialVerdict | null = null) {
  const actions = new FlexActions();
  const transfers: ActionPayload[] = [];
  const calls: ActionPayload[] = [];
  const settled: string[] = [];
  actions.onSettled = (name, outcome) => settled.push(`${name}:${outcome}`);
  actions.registerAction(
    "TransferTask",
    async (payload) => {
      transfers.push(payload);
    },
    (payload) =>
      payload.task === undefined ? { ...payload, task: TASKS[String(payload.sid)] ?? undefined } : payload,
  );
  actions.registerAction("StartOutboundCall", async (payload) => {
    calls.push({ ...payload });
  });
  const link = fakeLink(answer);
  const warn = vi.fn<(line: string) => void>();
  const listeners = installActionListeners(actions, link, warn);
  return { actions, transfers, calls, settled, link, warn, listeners };
}

/** A plain Actions object: the listeners it was given, called as a caller chooses. */
function plainActions() {
  const listeners = new Map<string, ActionListener>();
  const invoked: Array<[string, unknown]> = [];
  let invokeResult: () => Promise<unknown> = async () => undefined;
  const actions: FlexActionsLike = {
    addListener: (event, listener) => void listeners.set(event, listener),
    removeListener: (event, listener) => {
      if (listeners.get(event) === listener) listeners.delete(event);
    },
    invokeAction: (name, payload) => {
      invoked.push([name, payload]);
      return invokeResult();
    },
  };
  return {
    actions,
    listeners,
    invoked,
    setInvokeResult(fn: () => Promise<unknown>) {
      invokeResult = fn;
    },
  };
}

describe("beforeTransferTask", () => {
  it("lets an inbound call through: the body gets the payload, nothing is reported", async () => {
    const { actions, transfers, link, settled } = setUp();
    await actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET });
    expect(transfers).toEqual([{ sid: SID, targetSid: TARGET, task: TASKS[SID] }]);
    expect(link.reports).toEqual([]);
    expect(settled).toEqual(["TransferTask:done"]);
  });

  it("lets an inbound call through when the task's attributes are a JSON string", async () => {
    const { actions, transfers, link } = setUp();
    await actions.invokeAction("TransferTask", { sid: JSON_INBOUND_SID, targetSid: TARGET });
    expect(transfers).toHaveLength(1);
    expect(link.reports).toEqual([]);
  });

  it.each([
    ["a weblead", WEBLEAD_SID, "weblead"],
    ["an unknown origin", UNKNOWN_SID, "unknown"],
    ["a sid Flex doesn't know (no task)", `WR${"f".repeat(32)}`, "no-task"],
  ])("aborts %s and reports transfer-stopped", async (_name, sid, origin) => {
    const { actions, transfers, link, settled } = setUp();
    await expect(actions.invokeAction("TransferTask", { sid, targetSid: TARGET })).resolves.toBeUndefined();
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:aborted"]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin }]);
  });

  it("judges the task the payload carries, not one another listener might have named", async () => {
    const { actions, transfers, link } = setUp();
    // A caller that passes its own (weblead) task: the prepare step keeps it.
    await actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET, task: TASKS[WEBLEAD_SID] });
    expect(transfers).toEqual([]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
  });

  it("stops a transfer even when an earlier listener let it through, and later listeners don't run", async () => {
    const actions = new FlexActions();
    const log: string[] = [];
    actions.registerAction("TransferTask", async () => void log.push("body"));
    actions.addListener("beforeTransferTask", () => void log.push("other plugin before"));
    installActionListeners(actions, fakeLink(), () => {});
    actions.addListener("beforeTransferTask", () => void log.push("added later"));
    actions.addListener("afterTransferTask", () => void log.push("after"));
    await actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, task: TASKS[WEBLEAD_SID] });
    expect(log).toEqual(["other plugin before"]);
  });

  it("throws when Flex hands no abort function, so the action stops anyway", () => {
    const plain = plainActions();
    const link = fakeLink();
    installActionListeners(plain.actions, link, () => {});
    const listener = plain.listeners.get("beforeTransferTask");
    expect(listener).toBeDefined();
    expect(() => listener?.({ sid: WEBLEAD_SID, task: TASKS[WEBLEAD_SID] })).toThrow(
      "HunkBridge stopped this action: a weblead call is never transferred",
    );
    expect(() => listener?.({ sid: "x" }, "not a function")).toThrow(/a no-task call is never transferred/);
    expect(link.reports).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      { kind: "transfer-stopped", origin: "no-task" },
    ]);
  });

  it("neither throws nor reports for an inbound call without an abort function", () => {
    const plain = plainActions();
    const link = fakeLink();
    installActionListeners(plain.actions, link, () => {});
    expect(plain.listeners.get("beforeTransferTask")?.({ sid: SID, task: TASKS[SID] })).toBeUndefined();
    expect(link.reports).toEqual([]);
  });
});

describe("beforeStartOutboundCall", () => {
  const OK: DialVerdict = { ok: true, destination: "+16175550123", callerId: CALLER_ID };

  it("asks the extension about the number and dials its E.164 form from our caller ID", async () => {
    const { actions, calls, link, warn } = setUp(OK);
    await actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123", queueSid: "WQ1" });
    expect(link.checks).toEqual(["9 617 555 0123"]);
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID, queueSid: "WQ1" }]);
    expect(warn).not.toHaveBeenCalled();
    expect(link.reports).toEqual([]);
  });

  it("waits for the extension's answer before Flex dials", async () => {
    const { actions, calls, link } = setUp();
    let answer: (verdict: DialVerdict | null) => void = () => {};
    link.checkDial = (destination) => {
      link.checks.push(destination);
      return new Promise((resolve) => {
        answer = resolve;
      });
    };
    const done = actions.invokeAction("StartOutboundCall", { destination: "6175550123" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(link.checks).toEqual(["6175550123"]);
    expect(calls).toEqual([]);
    answer(OK);
    await done;
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID }]);
  });

  it("keeps a caller ID the caller chose", async () => {
    const { actions, calls } = setUp(OK);
    await actions.invokeAction("StartOutboundCall", { destination: "6175550123", callerId: "+16175559999" });
    expect(calls).toEqual([{ destination: "+16175550123", callerId: "+16175559999" }]);
  });

  it.each([
    ["blank", "   "],
    ["empty", ""],
    ["not text", 42],
    ["null", null],
  ])("sets our caller ID over a %s one", async (_name, callerId) => {
    const { actions, calls } = setUp(OK);
    await actions.invokeAction("StartOutboundCall", { destination: "6175550123", callerId });
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID }]);
  });

  it("leaves Flex's caller ID alone when the extension doesn't know ours yet", async () => {
    const { actions, calls } = setUp({ ok: true, destination: "+16175550123", callerId: null });
    await actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123" });
    expect(calls).toEqual([{ destination: "+16175550123" }]);
    expect(calls[0]).not.toHaveProperty("callerId");
  });

  it("aborts a number the extension refuses: nothing is dialed, nothing is warned", async () => {
    const { actions, calls, settled, warn, link } = setUp({ ok: false });
    await expect(
      actions.invokeAction("StartOutboundCall", { destination: "555-0123" }),
    ).resolves.toBeUndefined();
    expect(link.checks).toEqual(["555-0123"]);
    expect(calls).toEqual([]);
    expect(settled).toEqual(["StartOutboundCall:aborted"]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("leaves the payload untouched and warns when the extension doesn't answer", async () => {
    const { actions, calls, settled, warn } = setUp(null);
    await actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123", callerId: "" });
    expect(calls).toEqual([{ destination: "9 617 555 0123", callerId: "" }]);
    expect(settled).toEqual(["StartOutboundCall:done"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/no answer about the number/);
  });

  it.each([
    ["no destination", {}],
    ["a number destination", { destination: 6175550123 }],
    ["a null destination", { destination: null }],
  ])("aborts and warns with %s, without asking the extension", async (_name, payload) => {
    const { actions, calls, settled, warn, link } = setUp(OK);
    await expect(actions.invokeAction("StartOutboundCall", payload)).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    expect(settled).toEqual(["StartOutboundCall:aborted"]);
    expect(link.checks).toEqual([]);
    expect(warn).toHaveBeenCalledWith("StartOutboundCall without a destination was stopped");
  });

  it("without an abort function: rejects a refused number and a missing destination", async () => {
    const plain = plainActions();
    const link = fakeLink({ ok: false });
    const warn = vi.fn();
    installActionListeners(plain.actions, link, warn);
    const listener = plain.listeners.get("beforeStartOutboundCall");
    expect(listener).toBeDefined();
    await expect(Promise.resolve(listener?.({ destination: "555-0123" }))).rejects.toThrow(
      "HunkBridge stopped this action: the number can't be dialed",
    );
    await expect(Promise.resolve(listener?.(undefined))).rejects.toThrow(
      "HunkBridge stopped this action: no number to dial",
    );
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe("transferToCustomerService", () => {
  it("invokes TransferTask cold to the target, through the guard, and reports success", async () => {
    const { transfers, link, listeners, settled } = setUp();
    await listeners.transferToCustomerService(SID, TARGET);
    expect(transfers).toEqual([{ sid: SID, targetSid: TARGET, options: { mode: "COLD" }, task: TASKS[SID] }]);
    expect(settled).toEqual(["TransferTask:done"]);
    expect(link.reports).toEqual([{ kind: "transfer-result", sid: SID, error: null }]);
  });

  it("reports the body's error message", async () => {
    const { actions, link, listeners } = setUp();
    actions.registerAction(
      "TransferTask",
      async () => {
        throw new Error("TransferTask: the task is already being transferred");
      },
      (payload) => ({ ...payload, task: TASKS[String(payload.sid)] }),
    );
    await listeners.transferToCustomerService(SID, TARGET);
    expect(link.reports).toEqual([
      { kind: "transfer-result", sid: SID, error: "TransferTask: the task is already being transferred" },
    ]);
  });

  it("reports a non-Error rejection as text, cut to 300 characters", async () => {
    const plain = plainActions();
    const link = fakeLink();
    const listeners = installActionListeners(plain.actions, link, () => {});
    plain.setInvokeResult(() => Promise.reject("x".repeat(400)));
    await listeners.transferToCustomerService(SID, TARGET);
    expect(plain.invoked).toEqual([
      ["TransferTask", { sid: SID, targetSid: TARGET, options: { mode: "COLD" } }],
    ]);
    expect(link.reports).toEqual([{ kind: "transfer-result", sid: SID, error: "x".repeat(300) }]);
  });

  it("a transfer the guard stops never reaches the body; both stop and result are reported", async () => {
    // Flex resolves an aborted action like a finished one: the result still says it didn't go.
    const { transfers, link, listeners } = setUp();
    await listeners.transferToCustomerService(WEBLEAD_SID, TARGET);
    expect(transfers).toEqual([]);
    expect(link.reports).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      {
        kind: "transfer-result",
        sid: WEBLEAD_SID,
        error: "HunkBridge stopped it: Flex doesn't show this call as inbound.",
      },
    ]);
  });
});

describe("dispose", () => {
  it("takes both listeners off Flex's Actions", async () => {
    const { actions, transfers, calls, link, listeners } = setUp({ ok: false });
    listeners.dispose();
    await actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET });
    await actions.invokeAction("StartOutboundCall", { destination: "555-0123" });
    expect(transfers).toHaveLength(1);
    expect(calls).toEqual([{ destination: "555-0123" }]);
    expect(link.reports).toEqual([]);
    expect(link.checks).toEqual([]);
  });

  it("removes exactly the listeners it added", () => {
    const plain = plainActions();
    installActionListeners(plain.actions, fakeLink(), () => {}).dispose();
    expect([...plain.listeners.keys()]).toEqual([]);
  });
});
