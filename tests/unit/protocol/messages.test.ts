import { describe, expect, it } from "vitest";
import { type RequestHandlers, routeRequest } from "../../../src/background/message-router.ts";
import { type SenderRole, senderRole } from "../../../src/background/sender-role.ts";
import { INITIAL_VIEW } from "../../../src/background/session-view.ts";
import { type AgentView, PortPush, parse, Request, readReply } from "../../../src/protocol/messages.ts";

const ID = "ofknpifobakjhobajpenccalbkbdjghh";
/** Shaped like a real Flex token (docs/flex-token.md): five base64url parts, the second empty. */
const JWE = [
  Buffer.from(
    '{"zip":"DEF","kid":"SAS_S3___KMS_v1","cty":"twilio-fpa;v=1","enc":"A256GCM","alg":"dir"}',
  ).toString("base64url"),
  "",
  "WniOVeJg4iZ9kH62",
  "7AyKWye6FTTtYdwbev3g1U15uyrBKRQ98yJ3h5M4sYUi1ploZKs8-8MWTsjIMwapunNzxO6I4MULVbLFijWo",
  "TpUEmSJIn02v0piOQM7vrQ",
].join(".");
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
    [{ type: "flex-token", token: `${JWE.slice(0, 40)} ${JWE.slice(40)}`, expiresAtMs: null }, /token/],
    [{ type: "flex-token", token: `${JWE}=`, expiresAtMs: null }, /token/],
    [{ type: "flex-token", token: 42, expiresAtMs: null }, /token/],
    [{ type: "set-activity", activitySid: "Available" }, /activitySid/],
  ])("rejects %o", (input, error) => {
    const parsed = parse(Request, input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it("never quotes the token it refuses", () => {
    const secretish = `${JWE.slice(0, 60)}<${JWE.slice(60)}`;
    const parsed = parse(Request, { type: "flex-token", token: secretish, expiresAtMs: null });
    expect(parsed).toEqual({
      ok: false,
      error: "invalid message at token: the Flex token has characters other than base64url letters and dots",
    });
  });

  it("takes a Flex token of up to the contract's 8,000 characters, and never sends a longer one", () => {
    const at = (length: number) => `a.b.${"c".repeat(length - 4)}`;
    expect(parse(Request, { type: "flex-token", token: at(8_000), expiresAtMs: null })).toMatchObject({
      ok: true,
    });
    expect(parse(Request, { type: "flex-token", token: at(8_001), expiresAtMs: null })).toEqual({
      ok: false,
      error: "invalid message at token: the Flex token is longer than 8000 characters",
    });
  });

  it("takes the Flex token as opaque: Twilio's five-part JWE and an older Flex's three-part JWT", () => {
    for (const token of [JWE, "aaaa.bbbbbbbbbbbb.cccc", "opaque-token-without-any-dots"]) {
      expect(parse(Request, { type: "flex-token", token, expiresAtMs: null })).toMatchObject({ ok: true });
    }
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
    const handlers: RequestHandlers = {
      "get-view": async () => undefined,
      "flex-token": async (r) => void calls.push(`token:${r.token}`),
      "flex-signed-out": async () => void calls.push("signed-out"),
      "flex-guard": async (r) => void calls.push(`guard:${r.health}`),
      "flex-page-key": async (r) => ({ key: r.key }),
      "set-activity": async (r) => void calls.push(`activity:${r.activitySid}`),
      "set-available": async () => void calls.push("available"),
      "retry-connection": async () => void calls.push("retry"),
      "open-options": async () => void calls.push("options"),
      "bring-forward": async (r) => void calls.push(`forward:${r.site}`),
      "hunkware-draft": async () => void calls.push("draft"),
      "get-draft": async () => ({ draft: [{ key: "notes", label: "Notes", value: "call back" }] }),
      "dismiss-draft": async () => void calls.push("dismiss"),
    };
    return { calls, handlers };
  }
  const as = (r: SenderRole | null) => () => r;
  const route = (raw: unknown, role: SenderRole | null, h: RequestHandlers) =>
    routeRequest(raw, {}, as(role), h, () => view);

  it("acts on an allowed request and answers with the view", async () => {
    const h = handlers();
    expect(await route({ type: "set-available" }, "popup", h.handlers)).toEqual({ ok: true, view });
    expect(h.calls).toEqual(["available"]);
  });

  it("brings a site forward for the popup only, never for a page's script", async () => {
    const h = handlers();
    expect(await route({ type: "bring-forward", site: "flex" }, "popup", h.handlers)).toEqual({
      ok: true,
      view,
    });
    expect(await route({ type: "bring-forward", site: "hunkware" }, "hunkware", h.handlers)).toEqual({
      ok: false,
      error: "bring-forward is not accepted from hunkware",
    });
    expect((await route({ type: "bring-forward", site: "evil" }, "popup", h.handlers)).ok).toBe(false);
    expect(h.calls).toEqual(["forward:flex"]);
  });

  it("adds what the handler returns to the reply", async () => {
    const h = handlers();
    const reply = await route({ type: "get-draft", draftId: "d1" }, "hunkware", h.handlers);
    expect(reply).toEqual({ ok: true, view, draft: [{ key: "notes", label: "Notes", value: "call back" }] });
  });

  it("refuses a request from a role that may not send it, and does nothing", async () => {
    const h = handlers();
    const sid = `WA${"0".repeat(32)}`;
    expect(await route({ type: "set-activity", activitySid: sid }, "flex", h.handlers)).toEqual({
      ok: false,
      error: "set-activity is not accepted from flex",
    });
    expect(
      await route(
        { type: "flex-token", token: "aaaa.bbbbbbbbbbbb.cccc", expiresAtMs: null },
        "hunkware",
        h.handlers,
      ),
    ).toMatchObject({ ok: false });
    expect(
      await route({ type: "hunkware-draft", url: "x", title: "", fields: [] }, "flex", h.handlers),
    ).toMatchObject({
      ok: false,
    });
    expect(await route({ type: "get-view" }, null, h.handlers)).toMatchObject({
      ok: false,
      error: /unknown sender/,
    });
    expect(h.calls).toEqual([]);
  });

  it("tells who sent an invalid request, and acts on nothing", async () => {
    const h = handlers();
    const seen: unknown[] = [];
    const reply = await routeRequest(
      { type: "flex-token", token: "not a token!", expiresAtMs: null },
      {},
      as("flex"),
      h.handlers,
      () => view,
      (invalid) => seen.push(invalid),
    );
    expect(reply).toMatchObject({ ok: false, error: /Flex token/ });
    expect(seen).toEqual([{ type: "flex-token", role: "flex", error: reply.ok ? "" : reply.error }]);
    expect(h.calls).toEqual([]);
  });

  it("turns a handler's failure into an error reply", async () => {
    const h = handlers();
    h.handlers["set-available"] = async () => {
      throw new Error("not connected to TaskRouter (refused)");
    };
    expect(await route({ type: "set-available" }, "popup", h.handlers)).toEqual({
      ok: false,
      error: "not connected to TaskRouter (refused)",
    });
  });
});

describe("replies", () => {
  const view: AgentView = INITIAL_VIEW;

  it("takes what the service worker answers: the view and what the request asked for, or a refusal", () => {
    const draft = [{ key: "notes", label: "Notes", value: "call back" }];
    expect(readReply("get-view", { ok: true, view })).toEqual({ ok: true, value: { ok: true, view } });
    expect(readReply("get-draft", { ok: true, view, draft })).toEqual({
      ok: true,
      value: { ok: true, view, draft },
    });
    expect(readReply("set-activity", { ok: false, error: "set-activity is not accepted from flex" })).toEqual(
      {
        ok: false,
        error: "set-activity is not accepted from flex",
      },
    );
  });

  it("drops what the request did not ask for, and refuses a reply without what it did", () => {
    const draft = [{ key: "notes", label: "Notes", value: "call back" }];
    expect(readReply("get-view", { ok: true, view, draft })).toEqual({ ok: true, value: { ok: true, view } });
    expect(readReply("get-draft", { ok: true, view })).toEqual({
      ok: false,
      error: expect.stringMatching(/^the extension's reply is malformed: invalid message at draft: /),
    });
  });

  it("tells a missing answer from a malformed one", () => {
    expect(readReply("get-view", undefined)).toEqual({ ok: false, error: "the extension did not answer" });
    expect(readReply("get-view", null)).toEqual({ ok: false, error: "the extension did not answer" });
    expect(readReply("get-view", "ok")).toEqual({
      ok: false,
      error: expect.stringMatching(/^the extension's reply is malformed: invalid message: /),
    });
  });

  it.each([
    ["a view that is not one", "get-view", { ok: true, view: { connection: "yes" } }, "view.connection"],
    [
      "a draft value that is not text",
      "get-draft",
      { ok: true, view, draft: [{ key: "a", label: "A", value: 1 }] },
      "draft.0.value",
    ],
    ["a refusal whose reason is not text", "get-view", { ok: false, error: 42 }, "error"],
    ["an ok that is not a boolean", "get-view", { ok: 1, view }, "ok"],
  ] as const)("calls %s malformed", (_, type, raw, path) => {
    expect(readReply(type, raw)).toEqual({
      ok: false,
      error: expect.stringMatching(
        new RegExp(`^the extension's reply is malformed: invalid message at ${path}: `),
      ),
    });
  });

  it("fits every reply the router gives", async () => {
    const noop = async () => undefined;
    const handlers: RequestHandlers = {
      "get-view": noop,
      "flex-token": noop,
      "flex-guard": noop,
      "flex-page-key": async () => ({ key: "0".repeat(64) }),
      "flex-signed-out": noop,
      "set-activity": noop,
      "set-available": noop,
      "retry-connection": noop,
      "open-options": noop,
      "bring-forward": noop,
      "hunkware-draft": noop,
      "get-draft": async () => ({ draft: [{ key: "notes", label: "Notes", value: "call back" }] }),
      "dismiss-draft": noop,
    };
    for (const [raw, role, type] of [
      [{ type: "get-draft", draftId: "d1" }, "hunkware", "get-draft"],
      [{ type: "set-available" }, "popup", "set-available"],
      [{ type: "set-activity", activitySid: `WA${"0".repeat(32)}` }, "flex", "set-activity"],
      [{ type: "flex-page-key", key: null }, "flex", "flex-page-key"],
      [{ type: "explode" }, "popup", "get-view"],
    ] as const) {
      const reply = await routeRequest(
        raw,
        {},
        () => role,
        handlers,
        () => view,
      );
      const read = readReply(type, reply);
      expect(read.ok ? read.value : { ok: false, error: read.error }).toEqual(reply);
    }
  });
});

describe("the fill pushed to a Hunkware page", () => {
  const sid = `WR${"a".repeat(32)}`;

  it("takes the fields of the popped page's reservation, or none for any other page", () => {
    const fill = { type: "fill", reservationSid: sid, fill: [{ selector: "#lead-name", value: "Ada" }] };
    expect(parse(PortPush, fill)).toEqual({ ok: true, value: fill });
    const none = { type: "fill", reservationSid: null, fill: [] };
    expect(parse(PortPush, none)).toEqual({ ok: true, value: none });
  });

  it.each([
    [
      "a selector that is not text",
      { reservationSid: sid, fill: [{ selector: 5, value: "x" }] },
      "fill.0.selector",
    ],
    [
      "an overlong selector",
      { reservationSid: sid, fill: [{ selector: "x".repeat(5_000), value: "x" }] },
      "fill.0.selector",
    ],
    [
      "an overlong value",
      { reservationSid: sid, fill: [{ selector: "#a", value: "x".repeat(5_000) }] },
      "fill.0.value",
    ],
    ["a fill that is not a list", { reservationSid: sid, fill: "#a" }, "fill"],
    ["a reservation that is not one", { reservationSid: "WT1", fill: [] }, "reservationSid"],
  ] as const)("calls %s malformed", (_, push, path) => {
    const parsed = parse(PortPush, { type: "fill", ...push });
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringMatching(new RegExp(`^invalid message at ${path}: `)),
    });
  });
});
