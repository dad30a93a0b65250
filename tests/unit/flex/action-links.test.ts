// The two ends of the window.postMessage link between HunkBridge's listeners on Flex's Actions (MAIN
// world, page-link.ts) and the Flex content script (isolated world, actions-link.ts), on a fake
// window: each reads only messages from its own window and origin, addressed to it, and valid.
import { afterEach, describe, expect, it, vi } from "vitest";
import { installActionListeners } from "../../../content-scripts/flex/actions/listeners.ts";
import { connectPageLink } from "../../../content-scripts/flex/actions/page-link.ts";
import {
  type ActionsEvent,
  connectActionsLink,
} from "../../../content-scripts/flex/overlays/actions-link.ts";
import { type ActionPayload, FlexActions } from "../../../sandbox/fixtures/flex/actions.ts";
import {
  type DialVerdict,
  FromFlexActions,
  PAGE_ACTIONS_SOURCE,
  parse,
  ToFlexActions,
} from "../../../src/protocol/messages.ts";
import { FakeWindow, FLEX_ORIGIN, flushMessages } from "./fake-window.ts";

const SID = `WR${"a".repeat(32)}`;
const TARGET = `WQ${"b".repeat(32)}`;
const WEBLEAD_SID = `WR${"d".repeat(32)}`;
const CALLER_ID = "+18553409128";
const ANSWER_MS = 1_500;
const S = PAGE_ACTIONS_SOURCE;
const COPY = "testcopy1";
/** What a running copy of the MAIN-world listeners says, in full. */
const LISTENING = { kind: "listening", copy: COPY, startedAt: 1, guard: "kept" } as const;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Follows a promise without awaiting it: "pending" until it settles. */
function follow<T>(promise: Promise<T>): { value: T | "pending" } {
  const state: { value: T | "pending" } = { value: "pending" };
  void promise.then((value) => {
    state.value = value;
  });
  return state;
}

function pageSide() {
  const win = new FakeWindow();
  const commands: unknown[] = [];
  const link = connectPageLink(win.asWindow(), COPY, (command) => commands.push(command), ANSWER_MS);
  const lastPosted = () => win.posted.at(-1)?.data as Record<string, unknown> | undefined;
  return { win, commands, link, lastPosted };
}

describe("the page link (MAIN world)", () => {
  it("posts a check-dial to the extension, on the page's own origin", () => {
    const { win, link } = pageSide();
    void link.checkDial("9 617 555 0123");
    expect(win.posted).toEqual([
      {
        data: {
          source: S,
          to: "extension",
          kind: "check-dial",
          id: expect.any(String),
          destination: "9 617 555 0123",
        },
        targetOrigin: FLEX_ORIGIN,
      },
    ]);
    expect(parse(FromFlexActions, win.posted[0]?.data).ok).toBe(true);
  });

  it("resolves checkDial with the verdict of the dial-checked that carries its id", async () => {
    const { win, link, lastPosted } = pageSide();
    const first = follow(link.checkDial("6175550123"));
    const firstId = lastPosted()?.id;
    const second = follow(link.checkDial("555-0123"));
    const secondId = lastPosted()?.id;
    expect(firstId).not.toBe(secondId);
    const ok: DialVerdict = { ok: true, destination: "+16175550123", callerId: CALLER_ID };
    win.receive({ source: S, to: "page", kind: "dial-checked", id: secondId, verdict: { ok: false } });
    win.receive({ source: S, to: "page", kind: "dial-checked", id: firstId, verdict: ok });
    await flushMessages();
    expect(first.value).toEqual(ok);
    expect(second.value).toEqual({ ok: false });
    expect(win.pendingTimers).toBe(0); // answered checks don't keep their timeout
  });

  it("ignores an answer for another id, and resolves null when no answer comes in time", async () => {
    const { win, link } = pageSide();
    const check = follow(link.checkDial("6175550123"));
    win.receive({ source: S, to: "page", kind: "dial-checked", id: "dial-999", verdict: { ok: false } });
    await flushMessages();
    expect(check.value).toBe("pending");
    win.advance(ANSWER_MS - 1);
    await flushMessages();
    expect(check.value).toBe("pending");
    win.advance(1);
    await flushMessages();
    expect(check.value).toBeNull();
  });

  it("a late answer after the timeout changes nothing", async () => {
    const { win, link, lastPosted } = pageSide();
    const check = follow(link.checkDial("6175550123"));
    const id = lastPosted()?.id;
    win.advance(ANSWER_MS);
    await flushMessages();
    expect(check.value).toBeNull();
    expect(() =>
      win.receive({ source: S, to: "page", kind: "dial-checked", id, verdict: { ok: false } }),
    ).not.toThrow();
    await flushMessages();
    expect(check.value).toBeNull();
  });

  it("sends the number whole, never a part of it (the listener refuses longer ones first)", () => {
    const { win, link } = pageSide();
    void link.checkDial("6".repeat(64));
    expect((win.posted[0]?.data as { destination?: string } | undefined)?.destination).toBe("6".repeat(64));
    expect(parse(FromFlexActions, win.posted[0]?.data).ok).toBe(true);
  });

  describe("ignores answers it must not trust", () => {
    const cases: Array<[string, (win: FakeWindow, id: unknown) => void]> = [
      [
        "from another origin",
        (win, id) =>
          win.dispatch({
            data: { source: S, to: "page", kind: "dial-checked", id, verdict: { ok: false } },
            origin: "https://evil.example",
            source: win,
          }),
      ],
      [
        "from another window (a frame)",
        (win, id) =>
          win.dispatch({
            data: { source: S, to: "page", kind: "dial-checked", id, verdict: { ok: false } },
            origin: FLEX_ORIGIN,
            source: new FakeWindow(),
          }),
      ],
      [
        "addressed to the extension",
        (win, id) =>
          win.receive({ source: S, to: "extension", kind: "dial-checked", id, verdict: { ok: false } }),
      ],
      [
        "with another source",
        (win, id) =>
          win.receive({
            source: "someone-else",
            to: "page",
            kind: "dial-checked",
            id,
            verdict: { ok: false },
          }),
      ],
      [
        "malformed: a verdict whose number isn't E.164",
        (win, id) =>
          win.receive({
            source: S,
            to: "page",
            kind: "dial-checked",
            id,
            verdict: { ok: true, destination: "6175550123", callerId: null },
          }),
      ],
      [
        "malformed: no verdict",
        (win, id) => win.receive({ source: S, to: "page", kind: "dial-checked", id }),
      ],
      ["not an object", (win) => win.receive("dial-checked")],
      ["null data", (win) => win.receive(null)],
    ];
    it.each(cases)("%s", async (_name, send) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const { win, link, lastPosted, commands } = pageSide();
      const check = follow(link.checkDial("6175550123"));
      const id = lastPosted()?.id;
      expect(() => send(win, id)).not.toThrow();
      await flushMessages();
      expect(check.value).toBe("pending");
      expect(commands).toEqual([]);
      win.advance(ANSWER_MS);
      await flushMessages();
      expect(check.value).toBeNull();
      // Only a message for us that fails validation is worth a warning.
      expect(warn.mock.calls.length).toBe(_name.startsWith("malformed") ? 1 : 0);
    });
  });

  it("hands commands from the extension to onCommand", () => {
    const { win, commands } = pageSide();
    win.receive({ source: S, to: "page", kind: "hello" });
    const command = {
      source: S,
      to: "page",
      kind: "transfer-to-customer-service",
      sid: SID,
      targetSid: TARGET,
    };
    win.receive({ ...command, copy: COPY });
    // Another copy's command (several versions' copies share a page after an update) is not ours.
    win.receive({ ...command, copy: "othercopy1" });
    expect(commands).toEqual([
      { source: S, to: "page", kind: "hello" },
      { ...command, copy: COPY },
    ]);
  });

  it("drops a transfer command with a malformed sid or target, or from a foreign origin", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { win, commands } = pageSide();
    win.receive({
      source: S,
      to: "page",
      kind: "transfer-to-customer-service",
      sid: "WR1",
      targetSid: TARGET,
    });
    win.receive({ source: S, to: "page", kind: "transfer-to-customer-service", sid: SID, targetSid: SID });
    win.receive({ source: S, to: "page", kind: "transfer-to-customer-service", sid: SID });
    win.dispatch({
      data: { source: S, to: "page", kind: "transfer-to-customer-service", sid: SID, targetSid: TARGET },
      origin: "https://evil.example",
      source: win,
    });
    win.receive({ source: S, to: "page", kind: "check-dial", id: "x", destination: "1" });
    expect(commands).toEqual([]);
  });

  it("dial-checked never reaches onCommand", () => {
    const { win, commands } = pageSide();
    win.receive({ source: S, to: "page", kind: "dial-checked", id: "dial-1", verdict: { ok: false } });
    expect(commands).toEqual([]);
  });

  it("reports to the extension on the page's origin", () => {
    const { win, link } = pageSide();
    link.report(LISTENING);
    link.report({ kind: "transfer-stopped", origin: "weblead" });
    link.report({ kind: "transfer-result", sid: SID, error: null });
    expect(win.posted).toEqual([
      { data: { source: S, to: "extension", ...LISTENING }, targetOrigin: FLEX_ORIGIN },
      {
        data: { source: S, to: "extension", kind: "transfer-stopped", origin: "weblead" },
        targetOrigin: FLEX_ORIGIN,
      },
      {
        data: { source: S, to: "extension", kind: "transfer-result", sid: SID, error: null },
        targetOrigin: FLEX_ORIGIN,
      },
    ]);
    for (const { data } of win.posted) expect(parse(FromFlexActions, data).ok).toBe(true);
  });

  it("signedOut resolves true on the signed-out-noted with its id, false when none comes in time", async () => {
    const { win, link, lastPosted } = pageSide();
    const first = follow(link.signedOut());
    const message = lastPosted();
    expect(message).toMatchObject({ source: S, to: "extension", kind: "signed-out" });
    expect(parse(FromFlexActions, message).ok).toBe(true);
    // A dial answer with the same id, or a noted for another id, is not the answer.
    win.receive({ source: S, to: "page", kind: "dial-checked", id: message?.id, verdict: { ok: false } });
    win.receive({ source: S, to: "page", kind: "signed-out-noted", id: "signed-out-noted-999" });
    await flushMessages();
    expect(first.value).toBe("pending");
    win.receive({ source: S, to: "page", kind: "signed-out-noted", id: message?.id });
    await flushMessages();
    expect(first.value).toBe(true);
    expect(win.pendingTimers).toBe(0);

    const unanswered = follow(link.signedOut());
    win.advance(ANSWER_MS);
    await flushMessages();
    expect(unanswered.value).toBe(false);
  });

  it("dispose settles waiting checks with null and stops listening", async () => {
    const { win, link, commands, lastPosted } = pageSide();
    const a = follow(link.checkDial("6175550123"));
    const id = lastPosted()?.id;
    const b = follow(link.checkDial("6175550124"));
    link.dispose();
    await flushMessages();
    expect(a.value).toBeNull();
    expect(b.value).toBeNull();
    expect(win.pendingTimers).toBe(0);
    expect(win.listenerCount).toBe(0);
    win.receive({ source: S, to: "page", kind: "hello" });
    win.receive({ source: S, to: "page", kind: "dial-checked", id, verdict: { ok: false } });
    await flushMessages();
    expect(commands).toEqual([]);
    expect(a.value).toBeNull();
  });
});

/** With no key, as in a Flex tab open before HunkBridge was installed: answers count, unproven (page-key.test.ts proves them). */
function extensionSide(callerId: () => string | null = () => CALLER_ID) {
  const win = new FakeWindow();
  const events: ActionsEvent[] = [];
  const link = connectActionsLink(win.asWindow(), callerId, (event) => events.push(event), win.clock());
  return { win, events, link };
}

describe("the actions link (isolated world)", () => {
  it("says hello to the page at start, on the page's origin", () => {
    const { win, link } = extensionSide();
    expect(win.posted).toEqual([
      {
        data: { source: S, to: "page", kind: "hello", nonce: expect.stringMatching(/^[0-9a-f]{32}$/) },
        targetOrigin: FLEX_ORIGIN,
      },
    ]);
    expect(link.listening).toBe(false);
  });

  it('answers a check of "9 617 555 0123" with its E.164 form and the current caller ID', () => {
    let callerId: string | null = "+16175559999";
    const { win, events } = extensionSide(() => callerId);
    callerId = CALLER_ID; // read when answering, not at start
    win.receive({
      source: S,
      to: "extension",
      kind: "check-dial",
      id: "dial-1",
      destination: "9 617 555 0123",
    });
    expect(win.posted.slice(1)).toEqual([
      {
        data: {
          source: S,
          to: "page",
          kind: "dial-checked",
          id: "dial-1",
          verdict: { ok: true, destination: "+16175550123", callerId: CALLER_ID },
        },
        targetOrigin: FLEX_ORIGIN,
      },
    ]);
    expect(parse(ToFlexActions, win.posted[1]?.data).ok).toBe(true);
    expect(events).toEqual([]);
  });

  it("answers with a null caller ID while it doesn't know one", () => {
    const { win } = extensionSide(() => null);
    win.receive({
      source: S,
      to: "extension",
      kind: "check-dial",
      id: "dial-2",
      destination: "1-617-555-0123",
    });
    expect((win.posted[1]?.data as { verdict?: unknown } | undefined)?.verdict).toEqual({
      ok: true,
      destination: "+16175550123",
      callerId: null,
    });
  });

  it('refuses "555-0123" and tells the agent why', () => {
    const { win, events } = extensionSide();
    win.receive({ source: S, to: "extension", kind: "check-dial", id: "dial-3", destination: "555-0123" });
    expect(win.posted.slice(1).map((p) => p.data)).toEqual([
      { source: S, to: "page", kind: "dial-checked", id: "dial-3", verdict: { ok: false } },
    ]);
    expect(events).toEqual([{ kind: "dial-refused", reason: expect.stringMatching(/10 digits.*7 digits/) }]);
  });

  it("listening flips `listening` and is passed on", async () => {
    const { win, events, link } = extensionSide();
    win.receive({ source: S, to: "extension", ...LISTENING });
    await flushMessages();
    expect(link.listening).toBe(true);
    expect(events).toEqual([{ kind: "guard-health", health: "unproven" }, { kind: "listening" }]);
  });

  it("passes transfer-stopped and transfer-result on", () => {
    const { win, events } = extensionSide();
    win.receive({ source: S, to: "extension", kind: "transfer-stopped", origin: "no-task" });
    win.receive({ source: S, to: "extension", kind: "transfer-result", sid: SID, error: "busy" });
    win.receive({ source: S, to: "extension", kind: "transfer-result", sid: SID, error: null });
    expect(events).toEqual([
      { kind: "transfer-stopped", origin: "no-task" },
      { kind: "transfer-result", sid: SID, error: "busy" },
      { kind: "transfer-result", sid: SID, error: null },
    ]);
    expect(win.posted).toHaveLength(1); // only the hello
  });

  it("passes signed-out on, and noted() answers the page with its id", () => {
    const { win, events } = extensionSide();
    win.receive({ source: S, to: "extension", kind: "signed-out", id: "signed-out-noted-7" });
    expect(events).toEqual([{ kind: "signed-out", noted: expect.any(Function) }]);
    expect(win.posted).toHaveLength(1); // only the hello, until the worker has it
    const [event] = events;
    if (event?.kind !== "signed-out") throw new Error("no signed-out event");
    event.noted();
    expect(win.posted.at(-1)?.data).toEqual({
      source: S,
      to: "page",
      kind: "signed-out-noted",
      id: "signed-out-noted-7",
    });
    expect(parse(ToFlexActions, win.posted.at(-1)?.data).ok).toBe(true);
  });

  it("drops a signed-out without an id (it could never be answered)", () => {
    const { win, events } = extensionSide();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    win.receive({ source: S, to: "extension", kind: "signed-out" });
    expect(events).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ignored a malformed message/));
    warn.mockRestore();
  });

  describe("ignores messages it must not trust", () => {
    const listening = { source: S, to: "extension", ...LISTENING };
    const check = { source: S, to: "extension", kind: "check-dial", id: "dial-1", destination: "6175550123" };
    const cases: Array<[string, (win: FakeWindow) => void, number]> = [
      [
        "from another origin",
        (win) => win.dispatch({ data: listening, origin: "https://evil.example", source: win }),
        0,
      ],
      ["from another window", (win) => win.dispatch({ data: check, origin: FLEX_ORIGIN, source: {} }), 0],
      ["addressed to the page", (win) => win.receive({ ...listening, to: "page" }), 0],
      ["with another source", (win) => win.receive({ ...check, source: "hunkbridge-flex-token" }), 0],
      ["not an object", (win) => win.receive(42), 0],
      [
        "malformed: a stopped origin that isn't one",
        (win) => win.receive({ ...listening, kind: "transfer-stopped", origin: "inbound" }),
        1,
      ],
      [
        "malformed: a number longer than 64 characters",
        (win) => win.receive({ ...check, destination: "6".repeat(65) }),
        1,
      ],
      ["malformed: a request id with markup", (win) => win.receive({ ...check, id: "<b>1</b>" }), 1],
      [
        "malformed: a result for a bad sid",
        (win) => win.receive({ ...listening, kind: "transfer-result", sid: "WR1", error: null }),
        1,
      ],
      ["malformed: an unknown kind", (win) => win.receive({ ...listening, kind: "transfer-now" }), 1],
    ];
    it.each(cases)("%s", (_name, send, warnings) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const { win, events, link } = extensionSide();
      send(win);
      expect(events).toEqual([]);
      expect(link.listening).toBe(false);
      expect(win.posted).toHaveLength(1); // only the hello: nothing answered
      expect(warn).toHaveBeenCalledTimes(warnings);
    });
  });

  it("transferToCustomerService posts the command to the newest copy on the page", async () => {
    const { win, link } = extensionSide();
    win.receive({ source: S, to: "extension", ...LISTENING, copy: "oldcopy01", startedAt: 0 });
    await flushMessages();
    win.receive({ source: S, to: "extension", ...LISTENING });
    await flushMessages();
    link.transferToCustomerService(SID, TARGET);
    expect(win.posted[1]).toEqual({
      data: {
        source: S,
        to: "page",
        kind: "transfer-to-customer-service",
        copy: COPY,
        sid: SID,
        targetSid: TARGET,
      },
      targetOrigin: FLEX_ORIGIN,
    });
    expect(parse(ToFlexActions, win.posted[1]?.data).ok).toBe(true);
  });

  it("fails closed when the page goes quiet: the guard is off once no copy answered the heartbeat", async () => {
    const { win, link, events } = extensionSide();
    win.receive({ source: S, to: "extension", ...LISTENING });
    await flushMessages();
    expect(link.health).toBe("unproven");
    // Each heartbeat asks again; the copy answers twice, then never again (removed, or its page
    // messages suppressed by another script).
    for (let i = 0; i < 2; i++) {
      win.advance(2_000);
      win.receive({ source: S, to: "extension", ...LISTENING });
      await flushMessages();
    }
    expect(link.health).toBe("unproven");
    win.advance(8_000);
    expect(link.health).toBe("off");
    expect(link.listening).toBe(false);
    expect(events.filter((e) => e.kind === "guard-health")).toEqual([
      { kind: "guard-health", health: "unproven" },
      { kind: "guard-health", health: "off" },
    ]);
    // The hellos went on all along: a copy that answers again turns it back on.
    expect(
      win.posted.filter((p) => (p.data as { kind: string }).kind === "hello").length,
    ).toBeGreaterThanOrEqual(4);
    win.receive({ source: S, to: "extension", ...LISTENING });
    await flushMessages();
    expect(link.health).toBe("unproven");
  });

  it("is off at once when the copy says Flex's Actions were replaced, and off after Flex's boot with no copy at all", async () => {
    const first = extensionSide();
    first.win.receive({ source: S, to: "extension", ...LISTENING, guard: "off" });
    await flushMessages();
    expect(first.link.health).toBe("off");
    const second = extensionSide();
    second.win.advance(44_000);
    expect(second.link.health).toBe("starting");
    second.win.advance(2_000);
    expect(second.link.health).toBe("off");
  });

  it("dispose stops listening", async () => {
    const { win, events, link } = extensionSide();
    link.dispose();
    expect(win.listenerCount).toBe(0);
    win.receive({ source: S, to: "extension", ...LISTENING });
    await flushMessages();
    expect(events).toEqual([]);
    expect(link.listening).toBe(false);
    expect(win.pendingTimers).toBe(0);
  });
});

describe("both ends on one window, with the listeners on the fixture's Flex Actions", () => {
  /** The tasks this Flex knows, by reservation SID (what TransferTask's payload completion resolves). */
  const FLEX_TASKS: Record<string, { sid: string; attributes: unknown } | undefined> = {
    [SID]: { sid: SID, attributes: { direction: "inbound" } },
    [WEBLEAD_SID]: { sid: WEBLEAD_SID, attributes: { type: "weblead" } },
  };
  const flexTask = (sid: string) => FLEX_TASKS[sid];

  /** `beforeInstall` runs before our listeners are installed (another plugin that was there first). */
  function wired(callerId: string | null = CALLER_ID, beforeInstall?: (actions: FlexActions) => void) {
    const win = new FakeWindow();
    win.loopback = true;
    const actions = new FlexActions();
    const calls: ActionPayload[] = [];
    const transfers: ActionPayload[] = [];
    actions.registerAction("StartOutboundCall", async (payload) => void calls.push({ ...payload }));
    actions.registerAction(
      "TransferTask",
      async (payload) => void transfers.push(payload),
      (payload) =>
        payload.task !== undefined ? payload : { ...payload, task: FLEX_TASKS[String(payload.sid)] },
    );
    const page = connectPageLink(
      win.asWindow(),
      COPY,
      (command) => {
        if (command.kind === "hello") page.report(LISTENING);
        else void listeners.transferToCustomerService(command.sid, command.targetSid);
      },
      ANSWER_MS,
    );
    beforeInstall?.(actions);
    const listeners = installActionListeners(actions, page, () => {}, flexTask);
    const events: ActionsEvent[] = [];
    const extension = connectActionsLink(
      win.asWindow(),
      () => callerId,
      (event) => events.push(event),
      win.clock(),
    );
    return { win, actions, calls, transfers, events, extension };
  }

  it("hello is answered with listening", async () => {
    const { extension, events } = wired();
    await flushMessages();
    expect(extension.listening).toBe(true);
    expect(events).toEqual([{ kind: "guard-health", health: "unproven" }, { kind: "listening" }]);
  });

  it('Flex dials "9 617 555 0123" as +16175550123 from our caller ID', async () => {
    const { actions, calls } = wired();
    await actions.invokeAction("StartOutboundCall", { destination: "9 617 555 0123" });
    expect(calls).toEqual([{ destination: "+16175550123", callerId: CALLER_ID }]);
  });

  it('"555-0123" is not dialed, and the agent hears why', async () => {
    const { actions, calls, events } = wired();
    await expect(actions.invokeAction("StartOutboundCall", { destination: "555-0123" })).rejects.toThrow(
      "Action StartOutboundCall cancelled by before event",
    );
    expect(calls).toEqual([]);
    expect(events).toContainEqual({ kind: "dial-refused", reason: expect.stringMatching(/7 digits/) });
  });

  it("a weblead transfer is stopped and the isolated world hears it", async () => {
    const { actions, transfers, events } = wired();
    await expect(
      // Another plugin's forged task: inbound-looking, over the weblead's reservation.
      actions.invokeAction("TransferTask", {
        sid: WEBLEAD_SID,
        task: { sid: WEBLEAD_SID, attributes: { direction: "inbound" } },
      }),
    ).rejects.toThrow("Action TransferTask cancelled by before event");
    await flushMessages();
    expect(transfers).toEqual([]);
    expect(events).toContainEqual({ kind: "transfer-stopped", origin: "weblead" });
  });

  it("a weblead transfer the guard stops (our listener skipped by another plugin's throw) reaches the isolated world once, with the agent's words", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const { extension, transfers, events } = wired(CALLER_ID, (actions) =>
      actions.addListener("beforeTransferTask", () => {
        throw new Error("another plugin's bug");
      }),
    );
    await flushMessages(); // the copy on the page has answered the hello
    extension.transferToCustomerService(WEBLEAD_SID, TARGET);
    await flushMessages();
    expect(consoleError).toHaveBeenCalled();
    expect(transfers).toEqual([]);
    expect(events.filter((e) => e.kind !== "listening" && e.kind !== "guard-health")).toEqual([
      { kind: "transfer-stopped", origin: "weblead" },
      {
        kind: "transfer-result",
        sid: WEBLEAD_SID,
        error: "HunkBridge stopped it: Flex doesn't show this call as inbound.",
      },
    ]);
  });

  it("the agent's transfer to customer service goes through TransferTask and its result comes back", async () => {
    const { extension, transfers, events } = wired();
    await flushMessages(); // the copy on the page has answered the hello
    extension.transferToCustomerService(SID, TARGET);
    await flushMessages();
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ sid: SID, targetSid: TARGET, options: { mode: "COLD" } });
    expect(events).toContainEqual({ kind: "transfer-result", sid: SID, error: null });
  });

  // Found in review: checking only the first 64 characters dialed what they spelled (+16175550123
  // here) instead of the 12 digits entered.
  it("never dials a destination longer than 64 characters as the number its first 64 characters spell", async () => {
    const { actions, calls } = wired();
    const destination = `6175550123${" ".repeat(54)}99`; // 66 characters, 12 digits
    await expect(actions.invokeAction("StartOutboundCall", { destination })).rejects.toThrow(
      "Action StartOutboundCall cancelled by before event",
    );
    expect(calls).toEqual([]);
  });
});
