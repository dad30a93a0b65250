import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ADA,
  API_KEY,
  API_SECRET,
  AUTH_TOKEN,
  EXTENSION_ORIGIN,
  OTHER_ACCOUNT_SID,
  SANDBOX_EXTENSION_ID,
  TEST_ENV,
  WORKSPACE_SID,
} from "./support/env.ts";
import {
  EXPIRED_TOKEN_MESSAGE,
  FakeIam,
  type IamErrorStatus,
  INVALID_TOKEN_MESSAGE,
  workerSidFor,
} from "./support/fake-flex-validator.ts";
import type { ExchangeRequest, ExchangeResponse } from "./support/token-service.ts";
import { tokenFunction } from "./support/token-service.ts";
import { installTwilioRuntime } from "./support/twilio-runtime.ts";

/**
 * The exchange as the deployed function runs it (real config, Flex check and minting), with only
 * Twilio's validator replaced by the fake.
 */

let uninstall: () => void;
beforeAll(() => {
  uninstall = installTwilioRuntime();
});
afterAll(() => uninstall());

let iam: FakeIam;
let lines: string[];
beforeEach(() => {
  iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  lines = [];
});

function service(env: Record<string, unknown> = TEST_ENV) {
  return tokenFunction.createService(env, { validator: iam.validator, log: (line) => lines.push(line) });
}

function post(body: unknown, headers: Record<string, string> = {}): ExchangeRequest {
  return {
    method: "POST",
    headers: { origin: EXTENSION_ORIGIN, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

const exchange = (request: ExchangeRequest, env?: Record<string, unknown>) => service(env)(request);
const UNAUTHORIZED = { message: "unauthorized" };

function expectNoSecretsLogged(...secrets: string[]) {
  const log = lines.join("\n");
  for (const secret of [API_SECRET, AUTH_TOKEN, ...secrets]) expect(log).not.toContain(secret);
}

describe("token service: exchange", () => {
  it("exchanges a valid Flex token for a one-hour worker token (CONTRACT §3)", async () => {
    const flexToken = iam.issue(ADA);
    const before = Date.now();
    const reply = await exchange(post({ flexToken }));

    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body ?? {}).sort()).toEqual(["expiresAt", "identity", "token"]);
    expect(reply.body?.identity).toBe(ADA);
    expect(reply.headers).toEqual({
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      Vary: "Origin",
      "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
    });

    const claims = decodeJwt(String(reply.body?.token));
    expect(claims).toMatchObject({
      iss: API_KEY,
      sub: ACCOUNT_SID,
      grants: {
        identity: ADA,
        task_router: { workspace_sid: WORKSPACE_SID, worker_sid: workerSidFor(ADA), role: "worker" },
      },
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const expiresAt = String(reply.body?.expiresAt);
    expect(new Date(expiresAt).toISOString()).toBe(expiresAt);
    expect(Date.parse(expiresAt)).toBe((claims.exp ?? 0) * 1000);
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(3598_000);

    expect(iam.calls).toHaveLength(1);
    expect(lines.join("\n")).toContain(`worker token for ${ADA} (${workerSidFor(ADA)}), 3600 s`);
    expectNoSecretsLogged(flexToken, String(reply.body?.token));
  });

  it("never issues a worker token that outlives the Flex token", async () => {
    const reply = await exchange(post({ flexToken: iam.issue(ADA, { ttlSeconds: 600 }) }));
    const claims = decodeJwt(String(reply.body?.token));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeGreaterThan(590);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(600);
  });

  it("uses TOKEN_TTL_SECONDS", async () => {
    const reply = await exchange(post({ flexToken: iam.issue(ADA) }), {
      ...TEST_ENV,
      TOKEN_TTL_SECONDS: "900",
    });
    const claims = decodeJwt(String(reply.body?.token));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
  });

  it("accepts every configured extension", async () => {
    const origin = `chrome-extension://${SANDBOX_EXTENSION_ID}`;
    const reply = await exchange(post({ flexToken: iam.issue(ADA) }, { origin }));
    expect(reply.status).toBe(200);
    expect(reply.headers["Access-Control-Allow-Origin"]).toBe(origin);
  });

  describe("refuses the Flex token with the same bare 401 whatever the reason", () => {
    it.each([
      ["expired", () => iam.issue(ADA, { ttlSeconds: -5 }), EXPIRED_TOKEN_MESSAGE],
      [
        "issued to another account",
        () => iam.issue(ADA, { accountSid: OTHER_ACCOUNT_SID }),
        INVALID_TOKEN_MESSAGE,
      ],
      ["unknown to Twilio", () => "not-a-flex-token", INVALID_TOKEN_MESSAGE],
      ["of a Flex user without a worker", () => iam.issue(ADA, { workerSid: null }), /no TaskRouter worker/],
      [
        "of a user outside chhj.com",
        () => iam.issue("mallory@evil.com"),
        /outside the allowed email domains/,
      ],
      ["of a look-alike domain", () => iam.issue("mallory@chhj.com.evil.com"), /outside/],
      ["of a sub-domain", () => iam.issue("mallory@it.chhj.com"), /outside/],
      ["of a name with two @", () => iam.issue("mallory@evil.com@chhj.com"), /outside/],
    ])("%s", async (_, tokenOf, reason) => {
      const flexToken = tokenOf();
      const reply = await exchange(post({ flexToken }));
      expect(reply).toEqual({
        status: 401,
        headers: {
          "Content-Type": "application/json",
          "Cache-Control": "no-store",
          Vary: "Origin",
          "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
        },
        body: UNAUTHORIZED,
      });
      expect(lines.join("\n")).toMatch(reason);
      expectNoSecretsLogged(flexToken);
    });
  });

  it("takes the allowed domain from ALLOWED_EMAIL_DOMAIN", async () => {
    const env = { ...TEST_ENV, ALLOWED_EMAIL_DOMAIN: "collegehunks.com" };
    expect((await exchange(post({ flexToken: iam.issue(ADA) }), env)).status).toBe(401);
    const reply = await exchange(post({ flexToken: iam.issue("ada@collegehunks.com") }), env);
    expect(reply.status).toBe(200);
  });

  it.each([
    ["no Origin", undefined],
    ["a web page", "https://evil.example"],
    ["another extension", "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"],
    ["an origin that only starts like ours", `${EXTENSION_ORIGIN}.evil.example`],
  ])("answers 403 to a request from %s, without asking Twilio", async (_, origin) => {
    const request = post({ flexToken: iam.issue(ADA) });
    request.headers.origin = origin;
    const reply = await exchange(request);
    expect(reply).toMatchObject({ status: 403, body: { message: "forbidden" } });
    expect(reply.headers["Access-Control-Allow-Origin"]).toBeUndefined();
    expect(iam.calls).toEqual([]);
  });

  it("answers the CORS preflight of an allowed extension only", async () => {
    const preflight = (origin: string): ExchangeRequest => ({
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
      body: undefined,
    });
    const ok = await exchange(preflight(EXTENSION_ORIGIN));
    expect(ok).toEqual({
      status: 204,
      headers: {
        "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
        "Cache-Control": "no-store",
        Vary: "Origin",
      },
      body: null,
    });
    const refused = await exchange(preflight("https://evil.example"));
    expect(refused.status).toBe(403);
    expect(refused.headers["Access-Control-Allow-Origin"]).toBeUndefined();
  });

  it.each<[string, ExchangeRequest, number, Record<string, unknown>]>([
    [
      "GET",
      { method: "GET", headers: { origin: EXTENSION_ORIGIN }, body: undefined },
      405,
      { message: "method not allowed" },
    ],
    ["a body over 8 kB", post({ flexToken: "x".repeat(9000) }), 413, { message: "payload too large" }],
    ["a body that is not JSON", post("flexToken=abc"), 400, { message: "body must be a JSON object" }],
    ["a JSON array", post([{ flexToken: "abc" }]), 400, { message: "body must be a JSON object" }],
    ["no body", { ...post(""), body: undefined }, 400, { message: "body must be a JSON object" }],
    ["no flexToken", post({ token: "abc" }), 400, { message: "flexToken (string) is required" }],
    ["an empty flexToken", post({ flexToken: "" }), 400, { message: "flexToken (string) is required" }],
    [
      "a flexToken that is not a string",
      post({ flexToken: 42 }),
      400,
      { message: "flexToken (string) is required" },
    ],
  ])("answers %s with %i, without asking Twilio", async (_, request, status, body) => {
    const reply = await exchange(request);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual(body);
    expect(iam.calls).toEqual([]);
    if (status === 405) expect(reply.headers.Allow).toBe("POST, OPTIONS");
  });

  it("answers 503 (retry later, not sign in again) when Twilio cannot be reached", async () => {
    iam.failNext("network");
    const reply: ExchangeResponse = await exchange(post({ flexToken: iam.issue(ADA) }));
    expect(reply).toMatchObject({ status: 503, body: { message: "unavailable" } });
    expect(lines.join("\n")).toContain("ENOTFOUND");
  });

  it.each<IamErrorStatus>([429, 500, 503])(
    "answers 503 (retry later, not sign in again) when Twilio IAM answers HTTP %i",
    async (status) => {
      iam.answerNextWith(status);
      const reply = await exchange(post({ flexToken: iam.issue(ADA) }));
      expect(reply).toMatchObject({ status: 503, body: { message: "unavailable" } });
    },
  );

  it("answers a bare 500 when misconfigured, logging the variable's name but not its value", async () => {
    const { TWILIO_API_KEY: _, ...env } = TEST_ENV;
    const reply = await exchange(post({ flexToken: iam.issue(ADA) }), {
      ...env,
      TWILIO_WORKSPACE_SID: "WS-oops",
    });
    expect(reply).toEqual({
      status: 500,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", Vary: "Origin" },
      body: { message: "internal error" },
    });
    expect(lines).toEqual([
      "token service misconfigured: TWILIO_API_KEY is not set; TWILIO_WORKSPACE_SID is not a sid (WS and 32 hex digits)",
    ]);
    expect(iam.calls).toEqual([]);
  });
});
