import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { exchangeFlexToken } from "../../../src/background/token-exchange.ts";
import { fakeTokenService, okToken } from "./fakes.ts";

const URL = "https://tokens.example/token";
const PRODUCTION = { allowLoopbackHttp: false };
const SANDBOX = { allowLoopbackHttp: true };

describe("exchangeFlexToken", () => {
  it("returns the worker token and both EventBridge URLs", async () => {
    const service = fakeTokenService([okToken("jwt", Date.parse("2026-11-25T10:00:00Z"))]);
    expect(await exchangeFlexToken(service.fetch, URL, "flex", PRODUCTION)).toEqual({
      kind: "ok",
      worker: {
        token: "jwt",
        identity: "ada.lovelace@chhj.com",
        expiresAtMs: Date.parse("2026-11-25T10:00:00Z"),
        eventBridge: {
          ebServer: "https://event-bridge.twilio.com/v1/wschannels",
          wsServer: "wss://event-bridge.twilio.com/v1/wschannels",
        },
        callbackKey: null,
      },
    });
  });

  it("uses Twilio's default EventBridge unless both URLs are given", async () => {
    const reply = okToken("jwt", Date.now());
    delete (reply.body as { wsServer?: string }).wsServer;
    const outcome = await exchangeFlexToken(fakeTokenService([reply]).fetch, URL, "flex", PRODUCTION);
    expect(outcome.kind === "ok" && outcome.worker.eventBridge).toBeNull();
  });

  it.each([
    [
      { status: 401 },
      "refused",
      /refused your Flex sign-in \(HTTP 401\)\. If Flex itself works, tell your admin/,
    ],
    [{ status: 403 }, "refused", /HTTP 403/],
    [{ status: 400 }, "rejected", /cannot take this sign-in \(HTTP 400\); tell your admin/],
    [{ status: 413 }, "rejected", /HTTP 413/],
    [{ status: 429 }, "down", /busy \(HTTP 429\).*nothing for you to do/],
    [{ status: 500 }, "down", /HTTP 500\); for your admin/],
    [{ status: 503 }, "down", /HTTP 503/],
    [{ status: 200, body: "not an object" }, "down", /malformed/],
    [{ status: 200, body: { token: "jwt", identity: "a", expiresAt: "tomorrow" } }, "down", /malformed/],
    [{ status: 200, body: { identity: "a", expiresAt: "2026-11-25T10:00:00Z" } }, "down", /malformed/],
    [new TypeError("Failed to fetch"), "down", /did not answer \(Failed to fetch\)/],
  ])("%o → %s", async (reply, failure, reason) => {
    const outcome = await exchangeFlexToken(fakeTokenService([reply]).fetch, URL, "flex", PRODUCTION);
    expect(outcome).toEqual({
      kind: "failed",
      failure,
      reason: expect.stringMatching(reason),
      retryAfterMs: null,
    });
  });

  it.each([
    [503, "20", 20_000],
    [429, "Mon, 07 Dec 2026 14:01:00 GMT", 60_000],
    [401, "300", 300_000],
    [503, "later", null],
  ])("passes on HTTP %i's Retry-After %j as %o ms", async (status, value, retryAfterMs) => {
    const service = fakeTokenService([{ status, headers: { "Retry-After": value } }]);
    const now = () => Date.parse("2026-12-07T14:00:00Z");
    const outcome = await exchangeFlexToken(service.fetch, URL, "flex", PRODUCTION, now);
    expect(outcome).toMatchObject({ kind: "failed", retryAfterMs });
  });

  it("says so when the answer is not JSON", async () => {
    const fetchFn = (async () => new Response("<html>", { status: 200 })) as unknown as typeof fetch;
    expect(await exchangeFlexToken(fetchFn, URL, "flex", PRODUCTION)).toEqual({
      kind: "failed",
      failure: "down",
      reason: "the token service answered with something that is not JSON; tell your admin",
      retryAfterMs: null,
    });
  });

  it("never follows a redirect: a 307 or 308 would post the Flex token again, wherever it points", async () => {
    const inits: RequestInit[] = [];
    const fetchFn = (async (_url: unknown, init: RequestInit) => {
      inits.push(init);
      throw new TypeError("Failed to fetch"); // what fetch does with redirect "error" on a 307
    }) as unknown as typeof fetch;
    expect(await exchangeFlexToken(fetchFn, URL, "flex", PRODUCTION)).toMatchObject({
      kind: "failed",
      failure: "down",
    });
    expect(inits.map((init) => init.redirect)).toEqual(["error"]);
  });

  it("with the platform's own fetch, a 307 leaves the Flex token where it was sent", async () => {
    const listen = async (handler: Parameters<typeof createServer>[1]): Promise<[Server, string]> => {
      const server = createServer(handler).listen(0, "127.0.0.1");
      await once(server, "listening");
      return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
    };
    const elsewhere: string[] = [];
    const [target, targetUrl] = await listen((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`);
      res.end("{}");
    });
    const [service, serviceUrl] = await listen((_req, res) => {
      res.writeHead(307, { Location: `${targetUrl}/steal` }).end();
    });
    try {
      const outcome = await exchangeFlexToken(fetch, `${serviceUrl}/token`, "flex-token", PRODUCTION);
      expect(outcome).toMatchObject({ kind: "failed", failure: "down" });
      expect(elsewhere).toEqual([]);
    } finally {
      service.close();
      target.close();
    }
  });

  describe("the callbackKey it may give (CONTRACT §3): the agent's key for the callback memory", () => {
    /** 43 base64url characters: the service's base64url of a 32-byte HMAC. */
    const KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ-_0";
    const answering = (callbackKey: unknown) => {
      const reply = okToken("jwt", Date.parse("2026-11-25T10:00:00Z"));
      Object.assign(reply.body as object, { callbackKey });
      return fakeTokenService([reply]).fetch;
    };

    it("carries the key with the worker token", async () => {
      expect(await exchangeFlexToken(answering(KEY), URL, "flex", PRODUCTION)).toMatchObject({
        kind: "ok",
        worker: { token: "jwt", callbackKey: KEY },
      });
    });

    it("has none when the service gives none", async () => {
      const outcome = await exchangeFlexToken(answering(undefined), URL, "flex", PRODUCTION);
      expect(outcome).toMatchObject({ kind: "ok", worker: { callbackKey: null } });
    });

    it.each([
      ["too short", KEY.slice(1), "42 characters"],
      ["too long", `${KEY}A`, "44 characters"],
      ["padded", `${KEY}=`, "44 characters"],
      ["plain base64", `${KEY.slice(0, 41)}+/`, "43 characters"],
      ["with a space", `${KEY.slice(0, 42)} `, "43 characters"],
      ["empty", "", "0 characters"],
      ["a number", 42, "number"],
      ["null", null, "null"],
      ["an object", { key: KEY }, "object"],
    ])(
      "ignores a key that is %s, with a warning that never shows it: the sign-in goes on",
      async (_, key, what) => {
        const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
        try {
          const outcome = await exchangeFlexToken(answering(key), URL, "flex", PRODUCTION);
          expect(outcome).toMatchObject({ kind: "ok", worker: { token: "jwt", callbackKey: null } });
          expect(warn).toHaveBeenCalledTimes(1);
          const line = String(warn.mock.calls[0]?.[0]);
          expect(line).toContain(`callbackKey is not 43 base64url characters (${what})`);
          if (typeof key === "string" && key !== "") expect(line).not.toContain(key);
        } finally {
          warn.mockRestore();
        }
      },
    );
  });

  describe("the EventBridge it names: only Twilio's, or this machine's in the sandbox", () => {
    const named = (ebServer: string, wsServer: string) => {
      const reply = okToken("jwt", Date.parse("2026-11-25T10:00:00Z"));
      Object.assign(reply.body as object, { ebServer, wsServer });
      return fakeTokenService([reply]).fetch;
    };

    it.each([
      ["https://event-bridge.twilio.com/v1/wschannels", "wss://event-bridge.twilio.com/v1/wschannels"],
      [
        "https://event-bridge.ie1.twilio.com/v1/wschannels",
        "wss://event-bridge.ie1.twilio.com/v1/wschannels",
      ],
      [
        "https://event-bridge.dublin.ie1.twilio.com/v1/wschannels",
        "wss://event-bridge.dublin.ie1.twilio.com/v1/wschannels",
      ],
    ])("takes Twilio's %s", async (ebServer, wsServer) => {
      expect(await exchangeFlexToken(named(ebServer, wsServer), URL, "flex", PRODUCTION)).toMatchObject({
        kind: "ok",
        worker: { eventBridge: { ebServer, wsServer } },
      });
    });

    it.each([
      [
        "another host",
        "https://event-bridge.example.com/v1/wschannels",
        "wss://event-bridge.twilio.com/v1/x",
        /ebServer https:\/\/event-bridge\.example\.com/,
      ],
      [
        "a look-alike host",
        "https://event-bridge.twilio.com.evil.io/v1",
        "wss://event-bridge.twilio.com/v1",
        /ebServer/,
      ],
      [
        "plain http",
        "http://event-bridge.twilio.com/v1/wschannels",
        "wss://event-bridge.twilio.com/v1",
        /ebServer http:/,
      ],
      [
        "plain ws",
        "https://event-bridge.twilio.com/v1/wschannels",
        "ws://event-bridge.twilio.com/v1",
        /wsServer ws:/,
      ],
      ["another Twilio host", "https://api.twilio.com/v1", "wss://event-bridge.twilio.com/v1", /ebServer/],
      [
        "loopback, outside the sandbox",
        "http://127.0.0.1:9/v1/wschannels",
        "ws://127.0.0.1:9/v1/wschannels",
        /ebServer http:\/\/127\.0\.0\.1:9/,
      ],
    ])(
      "refuses %s: the service's answer is wrong, so it is down for its admin to fix",
      async (_, ebServer, wsServer, why) => {
        const outcome = await exchangeFlexToken(named(ebServer, wsServer), URL, "flex", PRODUCTION);
        expect(outcome).toMatchObject({
          kind: "failed",
          failure: "down",
          reason: expect.stringMatching(why),
        });
      },
    );

    it("takes this machine's emulator in the sandbox build, and still no other host", async () => {
      const loopback = named("http://127.0.0.1:9/v1/wschannels", "ws://127.0.0.1:9/v1/wschannels");
      expect(await exchangeFlexToken(loopback, URL, "flex", SANDBOX)).toMatchObject({ kind: "ok" });
      const elsewhere = named("http://10.0.0.5/v1/wschannels", "ws://10.0.0.5/v1/wschannels");
      expect(await exchangeFlexToken(elsewhere, URL, "flex", SANDBOX)).toMatchObject({
        kind: "failed",
        failure: "down",
      });
    });
  });
});
