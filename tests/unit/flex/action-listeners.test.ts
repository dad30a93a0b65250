// HunkBridge's listeners on Flex's Actions, against the sandbox fixture's own Actions framework
// (sandbox/fixtures/flex/actions.ts) with fake TransferTask / StartOutboundCall bodies that record
// what they get: what these tests show is what Flex's body would receive.
import { afterEach, describe, expect, it, vi } from "vitest";
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

afterEach(() => {
  vi.restoreAllMocks();
});

/** The tasks Flex knows, by reservation SID (what TransferTask's payload completion resolves). */
const TASKS: Record<string, { sid: string; attributes: unknown }> = {
  [SID]: { sid: SID, attributes: { direction: "inbound", name: "Grace Hopper" } },
  [WEBLEAD_SID]: { sid: WEBLEAD_SID, attributes: { type: "weblead", lead_id: "L-1" } },
  [UNKNOWN_SID]: { sid: UNKNOWN_SID, attributes: {} },
  [JSON_INBOUND_SID]: { sid: JSON_INBOUND_SID, attributes: JSON.stringify({ direction: "inbound" }) },
};

/** Flex's store: the guard judges these, whatever task a payload carries. */
const flexTask = (sid: string) => TASKS[sid];

interface FakeLink extends ExtensionLink {
  reports: unknown[];
  checks: string[];
  /** What checkDial resolves with next. */
  answer: DialVerdict | null;
  /** How signedOut settles: a test resolves it (the extension answered, or not). */
  noteSignOut: (noted: boolean) => void;
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
    noteSignOut: () => {},
    signedOut() {
      link.reports.push({ kind: "signed-out" });
      return new Promise<boolean>((resolve) => {
        link.noteSignOut = resolve;
      });
    },
    report(message) {
      link.reports.push(message);
    },
  };
  return link;
}

/**
 * The fixture's Flex with recording TransferTask / StartOutboundCall bodies and our listeners
 * installed; `beforeInstall` runs first (another plugin that was there before HunkBridge).
 */
/** Lets every promise already settled run its callbacks. */
const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(answer: DialVerdict | null = null, beforeInstall?: (actions: FlexActions) => void) {
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
  beforeInstall?.(actions);
  const link = fakeLink(answer);
  const warn = vi.fn<(line: string) => void>();
  const listeners = installActionListeners(actions, link, warn, flexTask);
  return { actions, transfers, calls, settled, link, warn, listeners };
}

/**
 * Another plugin's beforeTransferTask listener, added before ours, that throws synchronously: Flex
 * logs it and skips the listeners added after it, ours among them. Returns the console.error spy.
 */
function setUpBehindThrowingPlugin(answer: DialVerdict | null = null) {
  const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
  const all = setUp(answer, (actions) =>
    actions.addListener("beforeTransferTask", () => {
      throw new Error("another plugin's bug");
    }),
  );
  return { ...all, consoleError };
}

/**
 * The fixture's Actions as a Flex that hands before-listeners no abort function: the listeners
 * can't stop anything there, only say so; TransferTask's replacement (the guard) still stops.
 * (The first install's guard stays on the action after dispose, passing everything through.)
 */
function setUpWithoutAbort(answer: DialVerdict | null = null) {
  const all = setUp(answer);
  all.listeners.dispose();
  const withoutAbort: FlexActionsLike = {
    addListener: (event, listener) =>
      all.actions.addListener(event, (payload) => listener(payload) /* no abort function */),
    removeListener: () => {},
    invokeAction: (name, payload) => all.actions.invokeAction(name, payload as ActionPayload),
    replaceAction: (name, action) => all.actions.replaceAction(name, action),
  };
  const listeners = installActionListeners(withoutAbort, all.link, all.warn, flexTask);
  return { ...all, listeners };
}

const CANCELLED_TRANSFER = "Action TransferTask cancelled by before event";
const CANCELLED_CALL = "Action StartOutboundCall cancelled by before event";
const GUARD_STOPPED_WEBLEAD = "HunkBridge stopped this transfer: a weblead call is never transferred";
const AGENT_STOPPED = "HunkBridge stopped it: Flex doesn't show this call as inbound.";

type ReplacedAction = Parameters<FlexActionsLike["replaceAction"]>[1];

/** A plain Actions object: the listeners it was given, called as a caller chooses. */
function plainActions() {
  const listeners = new Map<string, ActionListener>();
  const invoked: Array<[string, unknown]> = [];
  /** The replacements it was given, by action name, in order (Flex can't take them back). */
  const replaced: Array<[string, ReplacedAction]> = [];
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
    replaceAction: (name, action) => void replaced.push([name, action]),
  };
  return {
    actions,
    listeners,
    invoked,
    replaced,
    /** The one TransferTask replacement installed. */
    guard(): ReplacedAction {
      const guards = replaced.filter(([name]) => name === "TransferTask");
      expect(guards).toHaveLength(1);
      return (guards[0] as [string, ReplacedAction])[1];
    },
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
    const { actions, transfers, link, settled, warn } = setUp();
    await expect(actions.invokeAction("TransferTask", { sid, targetSid: TARGET })).rejects.toThrow(
      CANCELLED_TRANSFER,
    );
    expect(transfers).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    expect(settled).toEqual(["TransferTask:aborted"]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin }]);
  });

  it("judges the task the payload carries, not one another listener might have named", async () => {
    const { actions, transfers, link, settled } = setUp();
    // A caller that passes its own (weblead) task: the prepare step keeps it.
    await expect(
      actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET, task: TASKS[WEBLEAD_SID] }),
    ).rejects.toThrow(CANCELLED_TRANSFER);
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:aborted"]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
  });

  it("stops a transfer wherever its listener sits: the other listeners still run, the body and after-listeners don't", async () => {
    const actions = new FlexActions();
    const log: string[] = [];
    actions.registerAction("TransferTask", async () => void log.push("body"));
    actions.addListener("beforeTransferTask", () => void log.push("other plugin before"));
    installActionListeners(actions, fakeLink(), () => {}, flexTask);
    actions.addListener("beforeTransferTask", () => void log.push("added later"));
    actions.addListener("afterTransferTask", () => void log.push("after"));
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, task: TASKS[WEBLEAD_SID] }),
    ).rejects.toThrow(CANCELLED_TRANSFER);
    expect(log).toEqual(["other plugin before", "added later"]);
  });

  it("without an abort function the guard still stops a weblead transfer: no body, one report, no warning", async () => {
    const { actions, transfers, link, settled, warn } = setUpWithoutAbort();
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET }),
    ).rejects.toThrow(GUARD_STOPPED_WEBLEAD);
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:failed"]); // the guard, in the body's place, rejected
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("without an abort function (or with something else in its place) the listener leaves the stop to the guard: it neither throws, reports nor warns", async () => {
    const plain = plainActions();
    const link = fakeLink();
    const warn = vi.fn<(line: string) => void>();
    installActionListeners(plain.actions, link, warn, flexTask);
    const listener = plain.listeners.get("beforeTransferTask");
    expect(listener).toBeDefined();
    const weblead = { sid: WEBLEAD_SID, task: TASKS[WEBLEAD_SID] };
    const noTask = { sid: "x" };
    expect(listener?.(weblead)).toBeUndefined();
    expect(listener?.(noTask, "not a function")).toBeUndefined();
    expect(link.reports).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    // The guard Flex then runs in TransferTask's place stops both and reports each once.
    const original = vi.fn(async (_payload: unknown) => "transferred");
    await expect(plain.guard()(weblead, original)).rejects.toThrow(GUARD_STOPPED_WEBLEAD);
    await expect(plain.guard()(noTask, original)).rejects.toThrow(
      "HunkBridge stopped this transfer: a no-task call is never transferred",
    );
    expect(original).not.toHaveBeenCalled();
    expect(link.reports).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      { kind: "transfer-stopped", origin: "no-task" },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("neither warns nor reports for an inbound call without an abort function", () => {
    const plain = plainActions();
    const link = fakeLink();
    const warn = vi.fn<(line: string) => void>();
    installActionListeners(plain.actions, link, warn, flexTask);
    expect(plain.listeners.get("beforeTransferTask")?.({ sid: SID, task: TASKS[SID] })).toBeUndefined();
    expect(link.reports).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("the TransferTask guard (replaceAction), for when our listener is skipped", () => {
  it("is installed once, in the place of each action that hands a call on", () => {
    const plain = plainActions();
    installActionListeners(plain.actions, fakeLink(), () => {}, flexTask);
    expect(plain.replaced.map(([name]) => name)).toEqual([
      "TransferTask",
      "StartExternalWarmTransfer",
      "RedirectCallTask",
      "DequeueTask",
      "IssueCallToWorker",
      "AcceptTask",
    ]);
  });

  it("stops a weblead transfer when another plugin's earlier listener throws and Flex skips ours", async () => {
    const { actions, transfers, link, settled, warn, consoleError } = setUpBehindThrowingPlugin();
    const log: string[] = [];
    actions.addListener("beforeTransferTask", () => void log.push("added after ours"));
    actions.addListener("afterTransferTask", () => void log.push("after"));
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET }),
    ).rejects.toThrow(GUARD_STOPPED_WEBLEAD);
    // The listeners after the throwing one, ours among them, never ran: nothing cancelled the action.
    expect(log).toEqual([]);
    expect(consoleError).toHaveBeenCalledWith('Error on "beforeTransferTask"', expect.any(Error));
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:failed"]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ["with our listener", () => setUp()],
    ["with our listener skipped", () => setUpBehindThrowingPlugin()],
  ])(
    "lets an inbound transfer through %s: the body gets the same payload exactly once",
    async (_name, make) => {
      const { actions, transfers, link, settled, warn } = make();
      const options = { mode: "WARM", priority: 5 };
      await expect(
        actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET, options }),
      ).resolves.toBeUndefined();
      expect(transfers).toEqual([{ sid: SID, targetSid: TARGET, options, task: TASKS[SID] }]);
      expect(transfers[0]?.task).toBe(TASKS[SID]);
      expect(settled).toEqual(["TransferTask:done"]);
      expect(link.reports).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    },
  );

  it("hands an inbound payload to the original as judged (a copy, equal to it) and returns the original's result", async () => {
    const plain = plainActions();
    const link = fakeLink();
    installActionListeners(plain.actions, link, () => {}, flexTask);
    const payload = { sid: SID, targetSid: TARGET, options: { mode: "COLD" }, task: TASKS[SID] };
    const original = vi.fn(async (_payload: unknown) => "transferred");
    await expect(plain.guard()(payload, original)).resolves.toBe("transferred");
    expect(original).toHaveBeenCalledTimes(1);
    // A copy read once (readOnce): a later change to the caller's object never reaches the action.
    expect(original.mock.calls[0]?.[0]).toEqual(payload);
    expect(original.mock.calls[0]?.[0]).not.toBe(payload);
    expect(payload).toEqual({ sid: SID, targetSid: TARGET, options: { mode: "COLD" }, task: TASKS[SID] });
    expect(link.reports).toEqual([]);
  });

  it("passes the original's rejection of an inbound transfer on unchanged, reporting nothing", async () => {
    const plain = plainActions();
    const link = fakeLink();
    installActionListeners(plain.actions, link, () => {}, flexTask);
    const failure = new Error("TransferTask: the task is already being transferred");
    await expect(plain.guard()({ sid: SID, task: TASKS[SID] }, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    expect(link.reports).toEqual([]);
  });

  it("after dispose passes even a weblead transfer through to the body (Flex can't remove a replacement), reporting nothing", async () => {
    const { actions, transfers, link, settled, warn, listeners, consoleError } = setUpBehindThrowingPlugin();
    listeners.dispose();
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET }),
    ).resolves.toBeUndefined();
    expect(consoleError).toHaveBeenCalled(); // the other plugin's listener still threw
    expect(transfers).toEqual([{ sid: WEBLEAD_SID, targetSid: TARGET, task: TASKS[WEBLEAD_SID] }]);
    expect(settled).toEqual(["TransferTask:done"]);
    expect(link.reports).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
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
    await expect(actions.invokeAction("StartOutboundCall", { destination: "555-0123" })).rejects.toThrow(
      CANCELLED_CALL,
    );
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
    await expect(actions.invokeAction("StartOutboundCall", payload)).rejects.toThrow(CANCELLED_CALL);
    expect(calls).toEqual([]);
    expect(settled).toEqual(["StartOutboundCall:aborted"]);
    expect(link.checks).toEqual([]);
    expect(warn.mock.calls).toEqual([["StartOutboundCall without a destination was stopped"]]);
  });

  it("aborts and warns with a destination longer than 64 characters, without asking the extension", async () => {
    const { actions, calls, settled, warn, link } = setUp(OK);
    const destination = `6175550123${" ".repeat(54)}99`; // 66 characters
    await expect(actions.invokeAction("StartOutboundCall", { destination })).rejects.toThrow(CANCELLED_CALL);
    expect(calls).toEqual([]);
    expect(settled).toEqual(["StartOutboundCall:aborted"]);
    expect(link.checks).toEqual([]);
    expect(warn.mock.calls).toEqual([["a destination of 66 characters was not dialed"]]);
  });

  it("runs side by side with the other listeners: one added after ours runs while ours waits for the extension", async () => {
    const { actions, calls, link } = setUp();
    let answer: (verdict: DialVerdict | null) => void = () => {};
    link.checkDial = (destination) => {
      link.checks.push(destination);
      return new Promise((resolve) => {
        answer = resolve;
      });
    };
    const seen: unknown[] = [];
    actions.addListener("beforeStartOutboundCall", (payload) => void seen.push(payload.destination));
    const done = actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(["9 617 555 0123"]); // it ran before the extension answered
    expect(calls).toEqual([]);
    answer(OK);
    await done;
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID }]);
  });

  it("without an abort function it can't stop a call: Flex dials the payload as given, and the agent's console is warned", async () => {
    const { actions, calls, settled, warn, link } = setUpWithoutAbort({ ok: false });
    await expect(
      actions.invokeAction("StartOutboundCall", { destination: "555-0123" }),
    ).resolves.toBeUndefined();
    await expect(actions.invokeAction("StartOutboundCall", {})).resolves.toBeUndefined();
    expect(link.checks).toEqual(["555-0123"]);
    expect(calls).toEqual([{ destination: "555-0123" }, {}]);
    expect(settled).toEqual(["StartOutboundCall:done", "StartOutboundCall:done"]);
    // Only the "could not stop" warnings: "…was stopped" is for a call that really was.
    expect(warn.mock.calls).toEqual([
      [expect.stringMatching(/^could not stop this action.*the number can't be dialed$/)],
      [expect.stringMatching(/^could not stop this action.*no number to dial$/)],
    ]);
  });

  it("without an abort function the listener resolves, never rejects", async () => {
    const plain = plainActions();
    const link = fakeLink({ ok: false });
    const warn = vi.fn<(line: string) => void>();
    installActionListeners(plain.actions, link, warn, flexTask);
    const listener = plain.listeners.get("beforeStartOutboundCall");
    expect(listener).toBeDefined();
    await expect(Promise.resolve(listener?.({ destination: "555-0123" }))).resolves.toBeUndefined();
    await expect(Promise.resolve(listener?.(undefined))).resolves.toBeUndefined();
    await expect(Promise.resolve(listener?.({ destination: "6".repeat(65) }))).resolves.toBeUndefined();
    // Nothing was stopped, so neither "…was stopped" nor "…was not dialed": only "could not stop".
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      expect.stringMatching(/^could not stop this action.*the number can't be dialed$/),
      expect.stringMatching(/^could not stop this action.*no number to dial$/),
      expect.stringMatching(/^could not stop this action.*not a phone number$/),
    ]);
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
    const listeners = installActionListeners(plain.actions, link, () => {}, flexTask);
    plain.setInvokeResult(() => Promise.reject("x".repeat(400)));
    await listeners.transferToCustomerService(SID, TARGET);
    expect(plain.invoked).toEqual([
      ["TransferTask", { sid: SID, targetSid: TARGET, options: { mode: "COLD" } }],
    ]);
    expect(link.reports).toEqual([{ kind: "transfer-result", sid: SID, error: "x".repeat(300) }]);
  });

  it("a transfer the guard stops never reaches the body; both stop and result are reported", async () => {
    // Flex rejects the cancelled action ("Action TransferTask cancelled by before event"); the result
    // says why in the agent's words instead.
    const { transfers, link, listeners, settled } = setUp();
    await listeners.transferToCustomerService(WEBLEAD_SID, TARGET);
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:aborted"]);
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

describe("transferToCustomerService of a weblead call, however HunkBridge stops it", () => {
  it.each([
    ["our listener cancels it", () => setUp(), "TransferTask:aborted"],
    [
      "only the guard stops it (our listener skipped)",
      () => setUpBehindThrowingPlugin(),
      "TransferTask:failed",
    ],
  ])("tells the agent why in their words when %s", async (_name, make, outcome) => {
    const { transfers, link, listeners, settled } = make();
    await listeners.transferToCustomerService(WEBLEAD_SID, TARGET);
    expect(transfers).toEqual([]);
    expect(settled).toEqual([outcome]);
    expect(link.reports).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      { kind: "transfer-result", sid: WEBLEAD_SID, error: AGENT_STOPPED },
    ]);
  });
});

describe("transferToCustomerService, when something else stops the transfer", () => {
  it("reports Flex's rejection when another plugin's listener cancels it", async () => {
    const { actions, transfers, link, listeners, settled } = setUp();
    actions.addListener("beforeTransferTask", (_payload, abort?: () => void) => abort?.());
    await listeners.transferToCustomerService(SID, TARGET);
    expect(transfers).toEqual([]);
    expect(settled).toEqual(["TransferTask:aborted"]);
    expect(link.reports).toEqual([{ kind: "transfer-result", sid: SID, error: CANCELLED_TRANSFER }]);
  });

  it("a stop by our guard in an earlier transfer doesn't change a later transfer's result", async () => {
    const { actions, link, listeners } = setUp();
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET }),
    ).rejects.toThrow(CANCELLED_TRANSFER);
    actions.addListener("beforeTransferTask", (_payload, abort?: () => void) => abort?.());
    await listeners.transferToCustomerService(SID, TARGET);
    expect(link.reports).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      { kind: "transfer-result", sid: SID, error: CANCELLED_TRANSFER },
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
    installActionListeners(plain.actions, fakeLink(), () => {}, flexTask).dispose();
    expect([...plain.listeners.keys()]).toEqual([]);
  });

  it("leaves the guard in place (Flex can't take it back), passing everything through from then on", async () => {
    const plain = plainActions();
    const link = fakeLink();
    const listeners = installActionListeners(plain.actions, link, () => {}, flexTask);
    listeners.dispose();
    const payload = { sid: WEBLEAD_SID, targetSid: TARGET, task: TASKS[WEBLEAD_SID] };
    const original = vi.fn(async (_payload: unknown) => "transferred");
    await expect(plain.guard()(payload, original)).resolves.toBe("transferred");
    expect(original.mock.calls).toEqual([[payload]]);
    expect(original.mock.calls[0]?.[0]).toBe(payload);
    expect(link.reports).toEqual([]);
  });
});

describe("afterLogout: the agent signed out of Flex", () => {
  function withLogout(body: () => Promise<void>) {
    return setUp(null, (actions) => actions.registerAction("Logout", body));
  }

  it("reports signed-out once Flex's Logout went through, and Flex goes on only once the extension has it", async () => {
    const { actions, link, settled, warn } = withLogout(async () => {});
    let resolved = false;
    const logout = actions.invokeAction("Logout", { forceLogout: false }).then(() => {
      resolved = true;
    });
    await vi.waitFor(() => expect(link.reports).toEqual([{ kind: "signed-out" }]));
    // Flex waits for its after-listeners: the page does not leave while the message is on its way.
    await flushMicrotasks();
    expect(resolved).toBe(false);
    expect(settled).toEqual([]);
    link.noteSignOut(true);
    await logout;
    expect(settled).toEqual(["Logout:done"]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("lets Flex go on, with a warning, when the extension does not confirm in time", async () => {
    const { actions, link, warn } = withLogout(async () => {});
    const logout = actions.invokeAction("Logout", {});
    await vi.waitFor(() => expect(link.reports).toEqual([{ kind: "signed-out" }]));
    link.noteSignOut(false);
    await expect(logout).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith("the extension did not confirm the sign-out in time");
  });

  it("reports nothing when the Logout failed (e.g. a reservation was pending) or was cancelled", async () => {
    const { actions, link } = withLogout(async () => {
      throw new Error("Worker WK1 cannot have its activity updated while it has 1 pending reservations");
    });
    await expect(actions.invokeAction("Logout", {})).rejects.toThrow(/pending reservations/);
    actions.addListener("beforeLogout", (_payload, abort) => abort?.());
    await expect(actions.invokeAction("Logout", {})).rejects.toThrow(
      "Action Logout cancelled by before event",
    );
    expect(link.reports).toEqual([]);
  });

  it("stops listening when disposed", async () => {
    const { actions, link, listeners } = withLogout(async () => {});
    listeners.dispose();
    await actions.invokeAction("Logout", {});
    expect(link.reports).toEqual([]);
  });
});

describe("the TransferTask guard in Flex's chain of replacements", () => {
  it("goes on through `next`, so another plugin's replacement added before ours still runs", async () => {
    const seen: string[] = [];
    const { actions, transfers } = setUp(null, (a) =>
      a.replaceAction("TransferTask", async (payload, _original, next) => {
        seen.push("earlier plugin");
        return next(payload);
      }),
    );
    await actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET, options: { mode: "COLD" } });
    expect(seen).toEqual(["earlier plugin"]);
    expect(transfers).toHaveLength(1);
  });
});

describe("the guard judges Flex's own task, whatever the caller passes", () => {
  it("stops a forged inbound-looking task over a weblead's reservation", async () => {
    const { actions, transfers, link } = setUp();
    const forged = { sid: WEBLEAD_SID, attributes: { direction: "inbound", name: "Not Really" } };
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET, task: forged }),
    ).rejects.toThrow(CANCELLED_TRANSFER);
    expect(transfers).toEqual([]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
  });

  it("lets an inbound call go with Flex's own task in the payload, not the caller's copy", async () => {
    const { actions, transfers } = setUp();
    const copy = { ...TASKS[SID], attributes: { direction: "inbound" }, extra: "the caller's" };
    await actions.invokeAction("TransferTask", { sid: SID, targetSid: TARGET, task: copy });
    expect(transfers).toHaveLength(1);
    expect(transfers[0]?.task).toBe(TASKS[SID]);
  });

  it("stops a task Flex's store does not know, however inbound it looks", async () => {
    const { actions, transfers, link } = setUp();
    const stranger = `WR${"9".repeat(32)}`;
    await expect(
      actions.invokeAction("TransferTask", {
        sid: stranger,
        targetSid: TARGET,
        task: { sid: stranger, attributes: { direction: "inbound" } },
      }),
    ).rejects.toThrow(CANCELLED_TRANSFER);
    expect(transfers).toEqual([]);
    expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "no-task" }]);
  });

  describe("StartExternalWarmTransfer: a typed number added to the call", () => {
    function withExternal() {
      const external: ActionPayload[] = [];
      const all = setUp(null, (actions) =>
        actions.registerAction(
          "StartExternalWarmTransfer",
          async (payload) => void external.push(payload),
          (payload) =>
            payload.task === undefined
              ? { ...payload, task: TASKS[String(payload.sid)] ?? undefined }
              : payload,
        ),
      );
      return { ...all, external };
    }

    it("is stopped on a weblead call, and the agent is told why", async () => {
      const { actions, external, link } = withExternal();
      await expect(
        actions.invokeAction("StartExternalWarmTransfer", {
          sid: WEBLEAD_SID,
          phoneNumber: "+16175550123",
          callerId: "+18553409128",
        }),
      ).rejects.toThrow("Action StartExternalWarmTransfer cancelled by before event");
      expect(external).toEqual([]);
      expect(link.reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
    });

    it("is stopped on an unknown-origin call", async () => {
      const { actions, external } = withExternal();
      await expect(
        actions.invokeAction("StartExternalWarmTransfer", { sid: UNKNOWN_SID, phoneNumber: "+16175550123" }),
      ).rejects.toThrow();
      expect(external).toEqual([]);
    });

    it("goes on for an inbound call", async () => {
      const { actions, external } = withExternal();
      await actions.invokeAction("StartExternalWarmTransfer", { sid: SID, phoneNumber: "+16175550123" });
      expect(external).toHaveLength(1);
      expect(external[0]?.task).toBe(TASKS[SID]);
    });
  });
});

describe("a script on the page takes our listeners off Flex's public emitter", () => {
  it("they are put back on the next look, and the guard and the dial rule hold again", async () => {
    const { actions, transfers, calls, listeners, link } = setUp({
      ok: true,
      destination: "+16175550123",
      callerId: CALLER_ID,
    });
    expect(listeners.ensure()).toBe("kept");
    for (const event of ["beforeTransferTask", "beforeStartOutboundCall", "afterLogout"])
      actions.emitter.removeAllListeners(event);
    expect(listeners.ensure()).toBe("restored");
    expect(listeners.ensure()).toBe("kept");
    await expect(
      actions.invokeAction("TransferTask", { sid: WEBLEAD_SID, targetSid: TARGET }),
    ).rejects.toThrow("cancelled by before event");
    expect(transfers).toEqual([]);
    await actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123" });
    expect(link.checks).toEqual(["9 617 555 0123"]);
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID }]);
  });

  it("says it can't know on a Flex that shows no emitter", () => {
    const actions = new FlexActions();
    const bare: FlexActionsLike = {
      addListener: (e, l) => actions.addListener(e, l),
      removeListener: (e, l) => actions.removeListener(e, l),
      invokeAction: (n, p) => actions.invokeAction(n, p as ActionPayload),
      replaceAction: (n, a) => actions.replaceAction(n, a as never),
    };
    expect(installActionListeners(bare, fakeLink(), () => {}, flexTask).ensure()).toBe("unknown");
  });
});

describe("every route that hands a call to someone else (docs/flex-apis.md)", () => {
  /** The fixture's Flex with these actions registered as Flex does, each recording what it ran with. */
  function withRoutes() {
    const ran: Array<{ name: string; payload: ActionPayload }> = [];
    const all = setUp(null, (actions) => {
      for (const name of ["RedirectCallTask", "DequeueTask", "IssueCallToWorker", "AcceptTask"]) {
        actions.registerAction(
          name,
          async (payload) => void ran.push({ name, payload }),
          // Flex resolves `task` from `sid` before the listeners, on a copy (updateWorkerActionPayload).
          (payload) =>
            payload.task === undefined ? { ...payload, task: TASKS[String(payload.sid)] } : payload,
        );
      }
    });
    return { ...all, ran };
  }

  it.each([
    ["RedirectCallTask", { callSid: `CA${"1".repeat(32)}`, twiMLUrl: "https://example.com/dial" }],
    ["DequeueTask", { options: { to: "+16175550199" } }],
    [
      "IssueCallToWorker",
      { callerId: "+18553409128", twiMLUrl: "https://example.com/t", options: { to: "+16175550199" } },
    ],
    ["AcceptTask", { conferenceOptions: { to: "+16175550199" } }],
  ] as const)(
    "%s of a weblead or unknown-origin call to someone else is stopped, and the agent is told",
    async (name, extra) => {
      const { actions, ran, link } = withRoutes();
      for (const sid of [WEBLEAD_SID, UNKNOWN_SID]) {
        await expect(actions.invokeAction(name, { sid, ...extra })).rejects.toThrow(
          "cancelled by before event",
        );
      }
      expect(ran).toEqual([]);
      expect(link.reports).toEqual([
        { kind: "transfer-stopped", origin: "weblead" },
        { kind: "transfer-stopped", origin: "unknown" },
      ]);
      // An inbound call may go: the rule is the same as for TransferTask.
      await actions.invokeAction(name, { sid: SID, ...extra });
      expect(ran.map((r) => r.name)).toEqual([name]);
    },
  );

  it.each([
    ["DequeueTask", { options: {} }],
    ["IssueCallToWorker", { callerId: "+18553409128", twiMLUrl: "https://example.com/t" }],
    ["AcceptTask", { conferenceOptions: { endConferenceOnExit: true } }],
  ] as const)("%s to the agent's own line is no hand-off: a weblead call goes on", async (name, extra) => {
    const { actions, ran, link } = withRoutes();
    await actions.invokeAction(name, { sid: WEBLEAD_SID, ...extra });
    expect(ran.map((r) => r.name)).toEqual([name]);
    expect(link.reports).toEqual([]);
  });
});
