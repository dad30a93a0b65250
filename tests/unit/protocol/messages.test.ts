import { describe, expect, it } from "vitest";
import { routeRequest } from "../../../src/background/message-router.ts";
import { INITIAL_VIEW } from "../../../src/background/session-view.ts";
import {
  type AgentView,
  parse,
  Request,
  type SenderRole,
  senderRole,
} from "../../../src/protocol/messages.ts";

const ID = "ofknpifobakjhobajpenccalbkbdjghh";
const FLEX = "https://flex.twilio.com";
const role = (sender: Parameters<typeof senderRole>[0]) =>
  senderRole(
    sender,
    ID,
    (origin) => origin === FLEX,
    (url) => url.startsWith("https://hunkware.chhj.com/"),
  );

describe("senderRole", () => {
  it.each([
    [{ id: ID, url: `chrome-extension://${ID}/popup/index.html` }, "popup"],
    [{ id: ID, url: `chrome-extension://${ID}/popup/index.html`, tab: {} }, "popup"],
    [{ id: ID, url: `chrome-extension://${ID}/options/index.html` }, "options"],
    [{ id: ID, url: `chrome-extension://${ID}/other.html` }, null],
    [{ id: ID, url: `${FLEX}/agent-desktop`, origin: FLEX, tab: {} }, "flex"],
    [
      { id: ID, url: "https://hunkware.chhj.com/leads/1", origin: "https://hunkware.chhj.com", tab: {} },
      "hunkware",
    ],
    [{ id: ID, url: "https://evil.example/", origin: "https://evil.example", tab: {} }, null],
    [{ id: ID, url: `${FLEX}/x`, origin: FLEX }, null],
    [{ id: "another-extension", url: `chrome-extension://${ID}/popup/index.html` }, null],
    [{ id: ID }, null],
  ])("%o → %s", (sender, expected) => {
    expect(role(sender)).toBe(expected);
  });
});

describe("message validation", () => {
  it.each([
    [null, /invalid message/],
    ["get-view", /invalid message/],
    [{ type: "explode" }, /invalid message/],
    [{ type: "flex-token", token: "<script>", expiresAtMs: null }, /token/],
    [{ type: "flex-token", token: `a.b.${"c".repeat(20_000)}`, expiresAtMs: null }, /token/],
    [{ type: "set-activity", activitySid: "Available" }, /activitySid/],
  ])("rejects %o", (input, error) => {
    const parsed = parse(Request, input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it("accepts a well-formed token message", () => {
    const parsed = parse(Request, { type: "flex-token", token: "aaaa.bbbbbbbbbbbb.cccc", expiresAtMs: 1 });
    expect(parsed).toEqual({
      ok: true,
      value: { type: "flex-token", token: "aaaa.bbbbbbbbbbbb.cccc", expiresAtMs: 1 },
    });
  });
});

describe("routeRequest", () => {
  const view: AgentView = {
    ...INITIAL_VIEW,
    connection: { status: "connected", detail: null, identity: null, retryAtMs: null },
  };
  function handlers() {
    const calls: string[] = [];
    return {
      calls,
      handlers: {
        view: () => ({ ok: true as const, view }),
        flexToken: async (token: string) => void calls.push(`token:${token}`),
        setActivity: async (sid: string) => void calls.push(`activity:${sid}`),
        setAvailable: async () => void calls.push("available"),
        retry: async () => void calls.push("retry"),
      },
    };
  }
  const as = (r: SenderRole | null) => () => r;

  it("acts on an allowed request and answers with the view", async () => {
    const h = handlers();
    const reply = await routeRequest({ type: "set-available" }, {}, as("popup"), h.handlers);
    expect(reply).toEqual({ ok: true, view });
    expect(h.calls).toEqual(["available"]);
  });

  it("refuses a request from a role that may not send it, and does nothing", async () => {
    const h = handlers();
    const sid = `WA${"0".repeat(32)}`;
    expect(
      await routeRequest({ type: "set-activity", activitySid: sid }, {}, as("flex"), h.handlers),
    ).toEqual({
      ok: false,
      error: "set-activity is not accepted from flex",
    });
    expect(
      await routeRequest(
        { type: "flex-token", token: "aaaa.bbbbbbbbbbbb.cccc", expiresAtMs: null },
        {},
        as("hunkware"),
        h.handlers,
      ),
    ).toMatchObject({ ok: false });
    expect(await routeRequest({ type: "get-view" }, {}, as(null), h.handlers)).toMatchObject({
      ok: false,
      error: /unknown sender/,
    });
    expect(h.calls).toEqual([]);
  });

  it("turns a handler's failure into an error reply", async () => {
    const h = handlers();
    h.handlers.setAvailable = async () => {
      throw new Error("not connected to TaskRouter (refused)");
    };
    expect(await routeRequest({ type: "set-available" }, {}, as("popup"), h.handlers)).toEqual({
      ok: false,
      error: "not connected to TaskRouter (refused)",
    });
  });
});
