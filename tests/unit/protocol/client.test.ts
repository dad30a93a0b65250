import { describe, expect, it } from "vitest";
import { connectView, type PortLike, type RuntimeLike, request } from "../../../src/protocol/client.ts";
import { type AgentView, type FillPush, VIEW_PORT } from "../../../src/protocol/messages.ts";
import { view } from "../fake-view.ts";

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
  const seen: Array<AgentView | FillPush | [string, boolean]> = [];
  const sent: unknown[] = [];
  const runtime: RuntimeLike = {
    connect: ({ name }) => {
      names.push(name);
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    sendMessage: async (message) => {
      sent.push(message);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  const client = connectView({
    runtime,
    onView: (v) => seen.push(v),
    onFill: (push) => seen.push(push),
    onLost: (problem, reconnecting) => seen.push([problem, reconnecting]),
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => {},
  });
  return { ports, names, timers, seen, sent, client, runtime };
}

describe("connectView", () => {
  it("connects on VIEW_PORT and passes on valid pushes", () => {
    const t = setup();
    expect(t.names).toEqual([VIEW_PORT]);
    const v = view({ offlineAfterMiss: true });
    t.ports[0]?.push({ type: "view", view: v });
    expect(t.seen).toEqual([v]);
  });

  it("passes on the fill pushed to a Hunkware page, and takes a malformed one for a lost view", () => {
    const t = setup();
    const fill: FillPush = {
      type: "fill",
      reservationSid: `WR${"a".repeat(32)}`,
      fill: [{ selector: "#lead-name", value: "Ada" }],
    };
    t.ports[0]?.push(fill);
    t.ports[0]?.push({ type: "fill", reservationSid: null, fill: [] });
    t.ports[0]?.push({ type: "fill", reservationSid: null, fill: [{ selector: 5, value: "x" }] });
    expect(t.seen).toEqual([
      fill,
      { type: "fill", reservationSid: null, fill: [] },
      [expect.stringMatching(/invalid message at fill\.0\.selector/), false],
    ]);
  });

  it("reports a malformed push as a lost view, never passing it on (the guard then fails closed)", () => {
    const t = setup();
    t.ports[0]?.push({ type: "view", view: { ...view(), inHand: 42 } });
    expect(t.seen).toEqual([[expect.stringMatching(/invalid message at view.inHand/), false]]);
  });

  it("on disconnect reports the view lost and reconnects with a growing delay", () => {
    const t = setup();
    t.ports[0]?.drop();
    expect(t.seen).toEqual([["lost contact with the extension", true]]);
    expect(t.timers.map((x) => x.ms)).toEqual([500]);
    t.timers[0]?.fn();
    t.ports[1]?.drop();
    expect(t.timers.map((x) => x.ms)).toEqual([500, 1000]);
    t.timers[1]?.fn();
    expect(t.names).toHaveLength(3);
    t.client.close();
    expect(t.ports[2]?.disconnected).toBe(true);
  });

  it("starts the delays over after a push", () => {
    const t = setup();
    t.ports[0]?.drop();
    t.timers[0]?.fn();
    t.ports[1]?.push({ type: "view", view: view() });
    t.ports[1]?.drop();
    expect(t.timers.map((x) => x.ms)).toEqual([500, 500]);
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
      onView: (v) => seen.push(v),
      onLost: (problem, reconnecting) => seen.push([problem, reconnecting]),
      setTimeout: () => 0,
      clearTimeout: () => {},
    });
    expect(seen).toEqual([[expect.stringMatching(/Extension context invalidated/), false]]);
  });
});

describe("request", () => {
  const v = view();
  const draft = [{ key: "notes", label: "Notes", value: "call back" }];

  it("sends the request and returns its reply, with what that request asked for", async () => {
    const t = setup({ ok: true, view: v, draft });
    expect(await request(t.runtime, { type: "get-draft", draftId: "d1" })).toEqual({
      ok: true,
      view: v,
      draft,
    });
    expect(t.sent).toEqual([{ type: "get-draft", draftId: "d1" }]);
  });

  it("never hands a caller a field its request does not have", async () => {
    expect(await request(setup({ ok: true, view: v, draft }).runtime, { type: "get-view" })).toEqual({
      ok: true,
      view: v,
    });
  });

  it("refuses a reply that lacks what the request asked for", async () => {
    await expect(
      request(setup({ ok: true, view: v }).runtime, { type: "get-draft", draftId: "d1" }),
    ).rejects.toThrow(/^the extension's reply is malformed: invalid message at draft/);
  });

  it("turns a refusal, no answer or a failed send into an exception saying which", async () => {
    await expect(
      request(setup({ ok: false, error: "not connected" }).runtime, { type: "set-available" }),
    ).rejects.toThrow(/^not connected$/);
    await expect(request(setup(undefined).runtime, { type: "set-available" })).rejects.toThrow(
      /^the extension did not answer$/,
    );
    await expect(
      request(setup(new Error("Could not establish connection")).runtime, { type: "set-available" }),
    ).rejects.toThrow(/^Could not establish connection$/);
  });

  it.each([
    [
      "a view that is not one",
      "get-view",
      { ok: true, view: { connection: "yes" } },
      /at view\.connection: /,
    ],
    ["no view", "get-view", { ok: true }, /at view: /],
    [
      "a draft field key that is not text",
      "get-draft",
      { ok: true, view: v, draft: [{ key: 5, label: "A", value: "x" }] },
      /at draft\.0\.key: /,
    ],
    [
      "an overlong draft value",
      "get-draft",
      { ok: true, view: v, draft: [{ key: "a", label: "A", value: "x".repeat(20_001) }] },
      /at draft\.0\.value: /,
    ],
    [
      "a draft field without a value",
      "get-draft",
      { ok: true, view: v, draft: [{ key: "a", label: "A" }] },
      /at draft\.0\.value: /,
    ],
    ["an ok that is not a boolean", "get-view", { ok: "yes", view: v }, /at ok: /],
    ["a refusal without a reason", "get-view", { ok: false }, /at error: /],
    ["not an object", "get-view", "ok", /invalid message/],
  ] as const)("rejects %s with a clear error, never using it", async (_, type, reply, where) => {
    const message = type === "get-draft" ? { type, draftId: "d1" } : { type };
    const error = await request(setup(reply).runtime, message as never).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^the extension's reply is malformed: invalid message/);
    expect((error as Error).message).toMatch(where);
  });
});
