import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
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
    [{ status: 401 }, "refused", /refused/],
    [{ status: 403 }, "refused", /refused/],
    [{ status: 500 }, "down", /HTTP 500/],
    [{ status: 200, body: "not an object" }, "down", /malformed/],
    [{ status: 200, body: { token: "jwt", identity: "a", expiresAt: "tomorrow" } }, "down", /malformed/],
    [{ status: 200, body: { identity: "a", expiresAt: "2026-11-25T10:00:00Z" } }, "down", /malformed/],
    [new TypeError("Failed to fetch"), "down", /unreachable \(Failed to fetch\)/],
  ])("%o → %s", async (reply, kind, reason) => {
    const outcome = await exchangeFlexToken(fakeTokenService([reply]).fetch, URL, "flex", PRODUCTION);
    expect(outcome.kind).toBe(kind);
    expect(outcome.kind !== "ok" && outcome.reason).toMatch(reason);
  });

  it("says so when the answer is not JSON", async () => {
    const fetchFn = (async () => new Response("<html>", { status: 200 })) as unknown as typeof fetch;
    expect(await exchangeFlexToken(fetchFn, URL, "flex", PRODUCTION)).toEqual({
      kind: "down",
      reason: "token service answered with something that is not JSON",
    });
  });

  it("never follows a redirect: a 307 or 308 would post the Flex token again, wherever it points", async () => {
    const inits: RequestInit[] = [];
    const fetchFn = (async (_url: unknown, init: RequestInit) => {
      inits.push(init);
      throw new TypeError("Failed to fetch"); // what fetch does with redirect "error" on a 307
    }) as unknown as typeof fetch;
    expect(await exchangeFlexToken(fetchFn, URL, "flex", PRODUCTION)).toMatchObject({ kind: "down" });
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
      expect(outcome.kind).toBe("down");
      expect(elsewhere).toEqual([]);
    } finally {
      service.close();
      target.close();
    }
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
        expect(outcome.kind).toBe("down");
        expect(outcome.kind === "down" && outcome.reason).toMatch(why);
      },
    );

    it("takes this machine's emulator in the sandbox build, and still no other host", async () => {
      const loopback = named("http://127.0.0.1:9/v1/wschannels", "ws://127.0.0.1:9/v1/wschannels");
      expect(await exchangeFlexToken(loopback, URL, "flex", SANDBOX)).toMatchObject({ kind: "ok" });
      const elsewhere = named("http://10.0.0.5/v1/wschannels", "ws://10.0.0.5/v1/wschannels");
      expect(await exchangeFlexToken(elsewhere, URL, "flex", SANDBOX)).toMatchObject({ kind: "down" });
    });
  });
});
