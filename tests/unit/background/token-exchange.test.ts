import { describe, expect, it } from "vitest";
import { exchangeFlexToken } from "../../../src/background/token-exchange.ts";
import { fakeTokenService, okToken } from "./fakes.ts";

const URL = "https://tokens.example/token";

describe("exchangeFlexToken", () => {
  it("returns the worker token and both EventBridge URLs", async () => {
    const service = fakeTokenService([okToken("jwt", Date.parse("2026-11-25T10:00:00Z"))]);
    expect(await exchangeFlexToken(service.fetch, URL, "flex")).toEqual({
      kind: "ok",
      worker: {
        token: "jwt",
        identity: "ada.lovelace@chhj.com",
        expiresAtMs: Date.parse("2026-11-25T10:00:00Z"),
        eventBridge: {
          ebServer: "http://127.0.0.1:9/v1/wschannels",
          wsServer: "ws://127.0.0.1:9/v1/wschannels",
        },
      },
    });
  });

  it("uses Twilio's default EventBridge unless both URLs are given", async () => {
    const reply = okToken("jwt", Date.now());
    delete (reply.body as { wsServer?: string }).wsServer;
    const outcome = await exchangeFlexToken(fakeTokenService([reply]).fetch, URL, "flex");
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
    const outcome = await exchangeFlexToken(fakeTokenService([reply]).fetch, URL, "flex");
    expect(outcome.kind).toBe(kind);
    expect(outcome.kind !== "ok" && outcome.reason).toMatch(reason);
  });

  it("says so when the answer is not JSON", async () => {
    const fetchFn = (async () => new Response("<html>", { status: 200 })) as unknown as typeof fetch;
    expect(await exchangeFlexToken(fetchFn, URL, "flex")).toEqual({
      kind: "down",
      reason: "token service answered with something that is not JSON",
    });
  });
});
