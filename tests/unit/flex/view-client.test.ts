import { describe, expect, it } from "vitest";
import {
  connectView,
  type PortLike,
  type RuntimeLike,
  requestSetAvailable,
  sendRequest,
} from "../../../content-scripts/shared/view-client.ts";
import { type AgentView, VIEW_PORT } from "../../../src/protocol/messages.ts";
import { view } from "./fake-view.ts";

class FakePort implements PortLike {
  messageListeners: Array<(m: unknown) => void> = [];
  disconnectListeners: Array<() => void> = [];
  disconnected = false;
  onMessage = { addListener: (l: (m: unknown) => void) => this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: () => void) => this.disconnectListeners.push(l) };
  disconnect() {
    this.disconnected = true;
  }
  push(message: unknown) {
    for (const l of this.messageListeners) l(message);
  }
  drop() {
    for (const l of this.disconnectListeners) l();
  }
}

function setup(reply: unknown = undefined) {
  const ports: FakePort[] = [];
  const names: string[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const seen: Array<[AgentView | null, string | null]> = [];
  const runtime: RuntimeLike = {
    connect: ({ name }) => {
      names.push(name);
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    sendMessage: async () => {
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  const client = connectView({
    runtime,
    onView: (v, problem) => seen.push([v, problem]),
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => {},
  });
  return { ports, names, timers, seen, client, runtime };
}

describe("the view port", () => {
  it("connects on VIEW_PORT and passes on valid pushes", () => {
    const t = setup();
    expect(t.names).toEqual([VIEW_PORT]);
    const v = view({ offlineAfterMiss: true });
    t.ports[0]?.push({ type: "view", view: v });
    expect(t.seen).toEqual([[v, null]]);
  });

  it("turns a malformed push into an unknown view (the guard then fails closed)", () => {
    const t = setup();
    t.ports[0]?.push({ type: "view", view: { ...view(), inHand: 42 } });
    expect(t.seen[0]?.[0]).toBeNull();
    expect(t.seen[0]?.[1]).toMatch(/invalid message at view.inHand/);
  });

  it("on disconnect forgets the view and reconnects with a growing delay", () => {
    const t = setup();
    t.ports[0]?.drop();
    expect(t.seen).toEqual([[null, "lost contact with the extension"]]);
    expect(t.timers.map((x) => x.ms)).toEqual([500]);
    t.timers[0]?.fn();
    t.ports[1]?.drop();
    expect(t.timers.map((x) => x.ms)).toEqual([500, 1000]);
    t.timers[1]?.fn();
    expect(t.names).toHaveLength(3);
    t.client.close();
    expect(t.ports[2]?.disconnected).toBe(true);
  });

  it("gives up quietly when the extension is gone", () => {
    const seen: unknown[] = [];
    connectView({
      runtime: {
        connect: () => {
          throw new Error("Extension context invalidated.");
        },
        sendMessage: async () => undefined,
      },
      onView: (v, problem) => seen.push([v, problem]),
      setTimeout: () => 0,
      clearTimeout: () => {},
    });
    expect(seen).toEqual([[null, expect.stringMatching(/Extension context invalidated/)]]);
  });
});

describe("set-available", () => {
  it("sends {type: set-available} and returns the new view", async () => {
    const v = view();
    const sent: unknown[] = [];
    const runtime: RuntimeLike = {
      connect: () => new FakePort(),
      sendMessage: async (m) => {
        sent.push(m);
        return { ok: true, view: v };
      },
    };
    expect(await requestSetAvailable(runtime)).toEqual({ ok: true, view: v });
    expect(sent).toEqual([{ type: "set-available" }]);
  });

  it("reports a refusal, no answer, or a failed send", async () => {
    expect(await requestSetAvailable(setup({ ok: false, error: "not connected" }).runtime)).toEqual({
      ok: false,
      error: "not connected",
    });
    expect(await requestSetAvailable(setup(undefined).runtime)).toEqual({
      ok: false,
      error: "the extension did not answer",
    });
    expect(await requestSetAvailable(setup(new Error("Could not establish connection")).runtime)).toEqual({
      ok: false,
      error: "Could not establish connection",
    });
  });
});

describe("replies", () => {
  const v = view();
  const sent = (reply: unknown) => sendRequest(setup(reply).runtime, { type: "get-view" });

  it("passes on a well-formed reply with what the request asked for", async () => {
    const fill = [{ selector: "#lead-name", value: "Ada" }];
    const draft = [{ key: "notes", label: "Notes", value: "call back" }];
    expect(await sent({ ok: true, view: v, fill, draft })).toEqual({ ok: true, view: v, fill, draft });
  });

  it.each([
    ["a view that is not one", { ok: true, view: { connection: "yes" } }, /at view\.connection: /],
    ["no view", { ok: true }, /at view: /],
    [
      "a fill selector that is not text",
      { ok: true, view: v, fill: [{ selector: 5, value: "x" }] },
      /at fill\.0\.selector: /,
    ],
    [
      "an overlong fill value",
      { ok: true, view: v, fill: [{ selector: "#a", value: "x".repeat(5_000) }] },
      /at fill\.0\.value: /,
    ],
    [
      "a draft field without a value",
      { ok: true, view: v, draft: [{ key: "a", label: "A" }] },
      /at draft\.0\.value: /,
    ],
    ["an ok that is not a boolean", { ok: "yes", view: v }, /at ok: /],
    ["a refusal without a reason", { ok: false }, /at error: /],
    ["not an object", "ok", /invalid message/],
  ])("rejects %s with a clear error, never using it", async (_, reply, where) => {
    const error = await sent(reply).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^the extension's reply is malformed: invalid message/);
    expect((error as Error).message).toMatch(where);
  });

  it("makes set-available fail on a malformed view rather than report success", async () => {
    expect(await requestSetAvailable(setup({ ok: true, view: { connection: "yes" } }).runtime)).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^the extension's reply is malformed: invalid message at view\.connection/,
      ),
    });
  });
});
