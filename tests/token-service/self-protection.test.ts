import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ADA,
  AUTH_TOKEN,
  EXTENSION_ORIGIN,
  SANDBOX_EXTENSION_ID,
  TEST_ENV,
} from "./support/env.ts";
import { FakeIam } from "./support/fake-flex-validator.ts";
import type { ExchangeRequest } from "./support/token-service.ts";
import { callbackKeyModule, exchangeModule, tokenFunction } from "./support/token-service.ts";
import { installTwilioRuntime } from "./support/twilio-runtime.ts";

/**
 * The token service protects itself and Twilio IAM (issue #24, point 3): every call to IAM counts
 * against the account's IAM rate limit, and once IAM answers 429 no agent can sign in. One service
 * (one Function instance) per test, on a clock the test moves; only Twilio's validator is the fake.
 */

let uninstall: () => void;
beforeAll(() => {
  uninstall = installTwilioRuntime();
});
afterAll(() => uninstall());

let iam: FakeIam;
let nowMs: number;
let lines: string[];
let alerts: string[];
beforeEach(() => {
  nowMs = Date.parse("2026-12-01T09:00:00Z");
  iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, () => nowMs);
  lines = [];
  alerts = [];
});

function service(env: Record<string, unknown> = TEST_ENV) {
  return tokenFunction.createService(env, {
    validator: iam.validator,
    log: (line) => lines.push(line),
    alert: (line) => alerts.push(line),
    now: () => nowMs,
  });
}

function post(body: unknown, origin = EXTENSION_ORIGIN): ExchangeRequest {
  return {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

const SANDBOX_ORIGIN = `chrome-extension://${SANDBOX_EXTENSION_ID}`;
const { burst } = exchangeModule.CLIENT_RATE_LIMIT;
let junkCount = 0;
/** A token IAM never issued, different each time (as a flood of junk would be). */
const junk = () => `junk-token-${++junkCount}`;

describe("token service: rate limit per client (429 with Retry-After)", () => {
  it("answers 429 with Retry-After once a client has spent its burst of IAM calls, without asking IAM", async () => {
    const exchange = service();
    for (let i = 0; i < burst; i++) expect((await exchange(post({ flexToken: junk() }))).status).toBe(401);
    expect(iam.calls).toHaveLength(burst);

    const limited = await exchange(post({ flexToken: iam.issue(ADA) }));
    expect(limited).toEqual({
      status: 429,
      headers: {
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
        Vary: "Origin",
        "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
        "Retry-After": "1",
        "Access-Control-Expose-Headers": "Retry-After",
      },
      body: { message: "too many requests" },
    });
    expect(iam.calls).toHaveLength(burst);
    expect(lines.at(-1)).toBe(`token service: rate limited ${EXTENSION_ORIGIN}: retry in 1 s`);
  });

  it("lets the client in again after Retry-After, one call a second", async () => {
    const exchange = service();
    for (let i = 0; i < burst; i++) await exchange(post({ flexToken: junk() }));
    const flexToken = iam.issue(ADA);
    expect((await exchange(post({ flexToken }))).status).toBe(429);
    nowMs += 1_000;
    expect((await exchange(post({ flexToken }))).status).toBe(200);
    expect((await exchange(post({ flexToken }))).status).toBe(429);
    nowMs += 10_000;
    for (let i = 0; i < 10; i++) expect((await exchange(post({ flexToken }))).status).toBe(200);
    expect((await exchange(post({ flexToken }))).status).toBe(429);
  });

  it("counts each extension (allowed Origin) apart: a QA build's flood leaves production alone", async () => {
    const exchange = service();
    for (let i = 0; i <= burst; i++) await exchange(post({ flexToken: junk() }, SANDBOX_ORIGIN));
    expect((await exchange(post({ flexToken: junk() }, SANDBOX_ORIGIN))).status).toBe(429);
    expect((await exchange(post({ flexToken: iam.issue(ADA) }))).status).toBe(200);
  });

  it("does not count what costs no call to IAM: 403, 400, 413 and remembered refusals", async () => {
    const exchange = service();
    const repeated = junk();
    for (let i = 0; i < burst + 10; i++) {
      await exchange(post({ flexToken: junk() }, "https://evil.example"));
      await exchange(post({ token: "no flexToken" }));
      await exchange(post({ flexToken: "x".repeat(8001) }));
      await exchange(post({ flexToken: repeated }));
    }
    expect(iam.calls).toHaveLength(1);
    expect((await exchange(post({ flexToken: iam.issue(ADA) }))).status).toBe(200);
  });

  it("keeps its buckets from one request to the next in a handler (one Function instance)", async () => {
    // Each invocation builds its service afresh from `context`; the guards must outlive that.
    const guards = tokenFunction.createGuards(() => nowMs);
    const run = (request: ExchangeRequest) =>
      tokenFunction.createService(TEST_ENV, { validator: iam.validator, log: () => {}, guards })(request);
    for (let i = 0; i < burst; i++) await run(post({ flexToken: junk() }));
    expect((await run(post({ flexToken: junk() }))).status).toBe(429);
  });
});

describe("token service: refused Flex tokens are remembered", () => {
  it("answers the same junk token 401 again without asking IAM", async () => {
    const exchange = service();
    const flexToken = junk();
    expect((await exchange(post({ flexToken }))).status).toBe(401);
    expect(iam.calls).toHaveLength(1);
    const again = await exchange(post({ flexToken }));
    expect(again).toMatchObject({ status: 401, body: { message: "unauthorized" } });
    expect(iam.calls).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/refused again without asking IAM/);
    expect(lines.join("\n")).not.toContain(flexToken);
  });

  it("forgets it after 5 minutes, and asks IAM again", async () => {
    const exchange = service();
    const flexToken = junk();
    await exchange(post({ flexToken }));
    nowMs += 5 * 60_000 - 1;
    await exchange(post({ flexToken }));
    expect(iam.calls).toHaveLength(1);
    nowMs += 1;
    await exchange(post({ flexToken }));
    expect(iam.calls).toHaveLength(2);
  });

  it.each([
    ["expired", () => iam.issue(ADA, { ttlSeconds: -5 })],
    ["of a user outside the allowed domains", () => iam.issue("mallory@evil.com")],
    ["of a Flex user without a worker", () => iam.issue(ADA, { workerSid: null })],
  ])("remembers a token %s, which IAM would only refuse again", async (_, tokenOf) => {
    const exchange = service();
    const flexToken = tokenOf();
    expect((await exchange(post({ flexToken }))).status).toBe(401);
    expect((await exchange(post({ flexToken }))).status).toBe(401);
    expect(iam.calls).toHaveLength(1);
  });

  it("never remembers a token that could not be checked (503): IAM is asked again", async () => {
    const exchange = service();
    const flexToken = iam.issue(ADA);
    iam.answerNextWith(503);
    expect((await exchange(post({ flexToken }))).status).toBe(503);
    expect((await exchange(post({ flexToken }))).status).toBe(200);
    expect(iam.calls).toHaveLength(2);
  });

  it("never remembers a valid token: each exchange asks IAM (a token may be revoked)", async () => {
    const exchange = service();
    const flexToken = iam.issue(ADA);
    await exchange(post({ flexToken }));
    await exchange(post({ flexToken }));
    expect(iam.calls).toHaveLength(2);
  });
});

describe("token service: size limit of the Flex token (CONTRACT §3)", () => {
  it("takes a flexToken of 8,000 characters and answers 413 to one of 8,001, without asking IAM", async () => {
    expect(exchangeModule.MAX_FLEX_TOKEN_LENGTH).toBe(8000);
    const exchange = service();
    const longest = await exchange(post({ flexToken: "x".repeat(8000) }));
    expect(longest.status).toBe(401);
    expect(iam.calls).toHaveLength(1);
    const over = await exchange(post({ flexToken: "x".repeat(8001) }));
    expect(over).toMatchObject({ status: 413, body: { message: "payload too large" } });
    expect(iam.calls).toHaveLength(1);
  });

  it("keeps the body limit at 8 KiB, which the longest allowed token fits in", () => {
    expect(exchangeModule.BODY_LIMIT_BYTES).toBe(8192);
    expect(JSON.stringify({ flexToken: "x".repeat(8000) }).length).toBeLessThan(8192);
  });
});

describe("token service: malformed bodies are 400, without asking IAM", () => {
  const NOT_AN_OBJECT = { message: "body must be a JSON object" };
  const NO_TOKEN = { message: "flexToken (string) is required" };
  it.each<[string, string, Record<string, unknown>]>([
    ["not JSON", "flexToken=abc", NOT_AN_OBJECT],
    ["cut-off JSON", '{"flexToken":"abc"', NOT_AN_OBJECT],
    ["an empty body", "", NOT_AN_OBJECT],
    ["JSON null", "null", NOT_AN_OBJECT],
    ["a JSON string", '"abc"', NOT_AN_OBJECT],
    ["a JSON number", "42", NOT_AN_OBJECT],
    ["JSON true", "true", NOT_AN_OBJECT],
    ["a JSON array", '[{"flexToken":"abc"}]', NOT_AN_OBJECT],
    ["no flexToken", '{"token":"abc"}', NO_TOKEN],
    ["an empty object", "{}", NO_TOKEN],
    ["an empty flexToken", '{"flexToken":""}', NO_TOKEN],
    ["a null flexToken", '{"flexToken":null}', NO_TOKEN],
    ["a number flexToken", '{"flexToken":42}', NO_TOKEN],
    ["a boolean flexToken", '{"flexToken":true}', NO_TOKEN],
    ["an array flexToken", '{"flexToken":["abc"]}', NO_TOKEN],
    ["an object flexToken", '{"flexToken":{"token":"abc"}}', NO_TOKEN],
  ])("%s", async (_, body, expected) => {
    const reply = await service()(post(body));
    expect(reply).toMatchObject({ status: 400, body: expected });
    expect(iam.calls).toEqual([]);
  });

  it("ignores fields it does not know: extra junk beside a valid flexToken is fine", async () => {
    const reply = await service()(post({ flexToken: iam.issue(ADA), extra: { junk: [1, 2] }, n: 7 }));
    expect(reply.status).toBe(200);
  });
});

describe("token service: IAM refusing the service's own credentials is 503, and the admin's to fix", () => {
  it("answers 503 (not 401) when IAM answers 401 Authenticate, and alerts the admin", async () => {
    // The account's auth token was rotated under the running Function: IAM answers every
    // validation with HTTP 401 and Twilio's 20003 envelope, message "Authenticate".
    iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: "the-rotated-auth-token" }, () => nowMs);
    const exchange = service();
    const flexToken = iam.issue(ADA);
    const reply = await exchange(post({ flexToken }));
    expect(reply).toMatchObject({ status: 503, body: { message: "unavailable" } });
    expect(reply.headers["Retry-After"]).toBeUndefined();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(
      /CANNOT VALIDATE ANY FLEX TOKEN: Twilio IAM refused the token service's own credentials: Authenticate/,
    );
    expect(alerts.join("\n")).not.toContain(AUTH_TOKEN);
    expect(alerts.join("\n")).not.toContain(flexToken);
    // Not the token's fault, so not remembered as refused: IAM is asked again.
    await exchange(post({ flexToken }));
    expect(iam.calls).toHaveLength(2);
  });

  it("answers IAM's 429 with 503 and Retry-After: 30 (IAM's own never reaches the service)", async () => {
    iam.answerNextWith(429);
    const reply = await service()(post({ flexToken: iam.issue(ADA) }));
    expect(reply).toMatchObject({ status: 503, body: { message: "unavailable" } });
    expect(reply.headers["Retry-After"]).toBe("30");
    expect(alerts).toEqual([]);
  });

  it.each([500, 503] as const)(
    "answers IAM's %i with 503, leaving the wait to the client's backoff",
    async (status) => {
      iam.answerNextWith(status);
      const reply = await service()(post({ flexToken: iam.issue(ADA) }));
      expect(reply.status).toBe(503);
      expect(reply.headers["Retry-After"]).toBeUndefined();
    },
  );
});

describe("token service: callbackKey (the agent's callback-memory key)", () => {
  const SECRET = "a-callback-key-secret-of-40-characters-xx";
  const expectedKey = (identity: string) =>
    createHmac("sha256", SECRET).update(`hunkbridge-callback-memory:${identity}`).digest("base64url");

  it("answers each agent its own key, HMAC-SHA256 of its identity under CALLBACK_KEY_SECRET", async () => {
    const exchange = service({ ...TEST_ENV, CALLBACK_KEY_SECRET: SECRET });
    const ada = await exchange(post({ flexToken: iam.issue(ADA) }));
    expect(ada.status).toBe(200);
    expect(Object.keys(ada.body ?? {}).sort()).toEqual(["callbackKey", "expiresAt", "identity", "token"]);
    expect(ada.body?.callbackKey).toBe(expectedKey(ADA));
    expect(ada.body?.callbackKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callbackKeyModule.deriveCallbackKey(SECRET, ADA)).toBe(expectedKey(ADA));

    const again = await exchange(post({ flexToken: iam.issue(ADA) }));
    expect(again.body?.callbackKey).toBe(ada.body?.callbackKey);
    const grace = await exchange(post({ flexToken: iam.issue("grace.hopper@chhj.com") }));
    expect(grace.body?.callbackKey).toBe(expectedKey("grace.hopper@chhj.com"));
    expect(grace.body?.callbackKey).not.toBe(ada.body?.callbackKey);
    expect(lines.join("\n")).not.toContain(String(ada.body?.callbackKey));
  });

  it("omits the field when CALLBACK_KEY_SECRET is not set", async () => {
    const reply = await service()(post({ flexToken: iam.issue(ADA) }));
    expect(reply.status).toBe(200);
    expect(reply.body).not.toHaveProperty("callbackKey");
  });

  it("refuses to run with a CALLBACK_KEY_SECRET under 32 characters (500, the log names the variable)", async () => {
    const reply = await service({ ...TEST_ENV, CALLBACK_KEY_SECRET: "x".repeat(31) })(
      post({ flexToken: iam.issue(ADA) }),
    );
    expect(reply.status).toBe(500);
    expect(lines).toEqual(["token service misconfigured: CALLBACK_KEY_SECRET is shorter than 32 characters"]);
  });
});
