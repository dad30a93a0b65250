import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACCOUNT_SID, ADA, AUTH_TOKEN, EXTENSION_ORIGIN, TEST_ENV } from "./support/env.ts";
import { FakeIam, workerSidFor } from "./support/fake-flex-validator.ts";
import type { TwilioHandler } from "./support/token-service.ts";
import { tokenFunction } from "./support/token-service.ts";
import { FakeTwilioResponse, installTwilioRuntime } from "./support/twilio-runtime.ts";

/**
 * The Twilio Functions adapter: the runtime hands over `context` (environment), `event` (parsed
 * body fields plus `request.headers`, no method) and a callback expecting a `Twilio.Response`.
 */

let uninstall: () => void;
beforeAll(() => {
  uninstall = installTwilioRuntime();
});
afterAll(() => uninstall());

async function invoke(
  handler: TwilioHandler,
  context: Record<string, unknown>,
  event: Record<string, unknown>,
) {
  return new Promise<FakeTwilioResponse>((resolve, reject) => {
    void handler(context, event, (error, response) => {
      if (error) reject(error);
      else if (response instanceof FakeTwilioResponse) resolve(response);
      else reject(new Error("callback got no Twilio.Response"));
    });
  });
}

const headers = (extra: Record<string, string> = {}) => ({
  request: {
    headers: { origin: EXTENSION_ORIGIN, "content-type": "application/json", ...extra },
    cookies: {},
  },
});

describe("token service: Twilio Function handler", () => {
  const iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const handler = tokenFunction.createHandler({ validator: iam.validator, log: () => {} });

  it("answers a Flex token posted as JSON with a Twilio.Response carrying the worker token", async () => {
    const response = await invoke(handler, TEST_ENV, { ...headers(), flexToken: iam.issue(ADA) });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      "Content-Type": "application/json",
      "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
      "Cache-Control": "no-store",
    });
    // An object body: the runtime serialises it because of the JSON Content-Type.
    const body = response.body as Record<string, unknown>;
    expect(body.identity).toBe(ADA);
    expect(decodeJwt(String(body.token)).grants).toMatchObject({
      task_router: { worker_sid: workerSidFor(ADA) },
    });
  });

  it("recognises a CORS preflight by its header, since the runtime does not give the method", async () => {
    const response = await invoke(handler, TEST_ENV, headers({ "access-control-request-method": "POST" }));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeNull();
    expect(response.headers["Access-Control-Allow-Methods"]).toBe("POST, OPTIONS");
  });

  it("answers 400 to a request without body fields (a GET looks like this on Twilio)", async () => {
    const response = await invoke(handler, TEST_ENV, headers());
    expect(response.statusCode).toBe(400);
  });

  it("measures the body by Content-Length, or by what arrived when there is none", async () => {
    const declared = await invoke(handler, TEST_ENV, {
      ...headers({ "content-length": "9000" }),
      flexToken: "t",
    });
    expect(declared.statusCode).toBe(413);
    const measured = await invoke(handler, TEST_ENV, { ...headers(), flexToken: "x".repeat(9000) });
    expect(measured.statusCode).toBe(413);
  });

  it("keeps what it learnt from one invocation to the next: a refused token is not checked twice", async () => {
    const calls = iam.calls.length;
    const junk = { ...headers(), flexToken: "a-junk-token-sent-twice" };
    expect((await invoke(handler, TEST_ENV, junk)).statusCode).toBe(401);
    expect((await invoke(handler, TEST_ENV, junk)).statusCode).toBe(401);
    expect(iam.calls.length - calls).toBe(1);
  });

  it("answers 429 with Retry-After as a header of the Twilio.Response", async () => {
    const flooded = tokenFunction.createHandler({ validator: iam.validator, log: () => {} });
    const sandbox = { origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" };
    let response: FakeTwilioResponse | undefined;
    for (let i = 0; i < 200 && response?.statusCode !== 429; i++) {
      response = await invoke(flooded, TEST_ENV, { ...headers(sandbox), flexToken: `junk-${i}` });
    }
    expect(response?.statusCode).toBe(429);
    expect(response?.headers["Retry-After"]).toMatch(/^[1-9]\d*$/);
    expect(response?.body).toEqual({ message: "too many requests" });
  });

  it("refuses the wrong origin with 403", async () => {
    const response = await invoke(handler, TEST_ENV, {
      ...headers({ origin: "https://evil.example" }),
      flexToken: iam.issue(ADA),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers["Access-Control-Allow-Origin"]).toBeUndefined();
  });

  it("is exported as `handler`, wired to the real validator (exercised here without reaching Twilio)", async () => {
    const consoleLog = vi.spyOn(console, "log").mockImplementation(() => {});
    const preflight = await invoke(
      tokenFunction.handler,
      TEST_ENV,
      headers({ "access-control-request-method": "POST" }),
    );
    expect(preflight.statusCode).toBe(204);
    const misconfigured = await invoke(tokenFunction.handler, {}, { ...headers(), flexToken: "t" });
    expect(misconfigured.statusCode).toBe(500);
    expect(misconfigured.body).toEqual({ message: "internal error" });
    expect(consoleLog).toHaveBeenCalledWith(
      expect.stringMatching(/^token service misconfigured: ACCOUNT_SID is not set/),
    );
    consoleLog.mockRestore();
  });
});
