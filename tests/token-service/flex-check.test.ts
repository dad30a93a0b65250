import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, ADA, API_KEY, API_SECRET, AUTH_TOKEN } from "./support/env.ts";
import {
  EXPIRED_TOKEN_MESSAGE,
  FakeIam,
  type IamErrorStatus,
  INVALID_TOKEN_MESSAGE,
  workerSidFor,
} from "./support/fake-flex-validator.ts";
import { type Config, flexCheckModule } from "./support/token-service.ts";

/** How the token service reads the Flex token validator's answers. */

const credentials: Pick<Config, "accountSid" | "authToken" | "apiKey" | "apiSecret" | "realm"> = {
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  realm: undefined,
};

/** Any token: these cases script the validator's answer. */
const FLEX_TOKEN = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).issue(ADA);

function setUp(overrides: Partial<typeof credentials> = {}, timeoutMs?: number) {
  const iam = new FakeIam({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
  });
  const check = flexCheckModule.createFlexCheck({
    validator: iam.validator,
    credentials: { ...credentials, ...overrides },
    timeoutMs,
  });
  return { iam, check };
}

describe("token service: Flex token check", () => {
  it("reads the email, worker and expiry of a valid token", async () => {
    const { iam, check } = setUp();
    const before = Date.now();
    const outcome = await check(iam.issue(ADA, { ttlSeconds: 600 }));
    expect(outcome).toMatchObject({ kind: "valid", email: ADA, workerSid: workerSidFor(ADA) });
    if (outcome.kind !== "valid") throw new Error("unreachable");
    expect(outcome.expiresAtMs).toBeGreaterThanOrEqual(before + 600_000);
    expect(outcome.expiresAtMs).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it("passes the account's auth token, like the package's functionValidator", async () => {
    const { iam, check } = setUp({ realm: "au1" });
    const token = iam.issue(ADA);
    await check(token);
    expect(iam.calls).toEqual([
      { token, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, realm: "au1", apiCredentials: undefined },
    ]);
  });

  it("falls back to the API key when the Service has no auth token", async () => {
    const { iam, check } = setUp({ authToken: undefined });
    const outcome = await check(iam.issue(ADA));
    expect(outcome.kind).toBe("valid");
    expect(iam.calls[0]?.apiCredentials).toEqual({ Sid: API_KEY, Secret: API_SECRET });
  });

  it.each([
    ["an expired token", (iam: FakeIam) => iam.issue(ADA, { ttlSeconds: -1 }), EXPIRED_TOKEN_MESSAGE],
    [
      "another account's token",
      (iam: FakeIam) => iam.issue(ADA, { accountSid: `AC${"9".repeat(32)}` }),
      INVALID_TOKEN_MESSAGE,
    ],
    ["a token IAM never issued", () => "eyJhbGciOiJkaXIifQ..bm9wZQ.bm9wZQ.bm9wZQ", INVALID_TOKEN_MESSAGE],
    [
      "a Flex user without a worker",
      (iam: FakeIam) => iam.issue(ADA, { workerSid: null }),
      /no TaskRouter worker/,
    ],
  ])("refuses %s", async (_, tokenOf, reason) => {
    const { iam, check } = setUp();
    const outcome = await check(tokenOf(iam));
    expect(outcome.kind).toBe("refused");
    if (outcome.kind === "refused") expect(outcome.reason).toMatch(reason);
  });

  it.each<IamErrorStatus>([429, 500, 503])(
    "says unavailable, not refused, when IAM answers HTTP %i with Twilio's error envelope",
    async (status) => {
      const { iam, check } = setUp();
      iam.answerNextWith(status);
      expect((await check(iam.issue(ADA))).kind).toBe("unavailable");
      // IAM is asked again next time, and then the token is fine.
      expect((await check(iam.issue(ADA))).kind).toBe("valid");
    },
  );

  // The validator hides the HTTP status; only the envelope's or a gateway's message is left.
  it.each([
    "Internal Server Error",
    "Service Unavailable",
    "SERVICE UNAVAILABLE, try again later",
    "Bad Gateway",
    "Gateway Timeout",
    "Gateway Time-out",
  ])("reads the rejection %j as unavailable: IAM failing", async (message) => {
    const check = flexCheckModule.createFlexCheck({ validator: () => Promise.reject(message), credentials });
    expect(await check(FLEX_TOKEN)).toEqual({
      kind: "unavailable",
      cause: "failing",
      reason: `Flex token validation failed: ${message}`,
    });
  });

  // IAM's Retry-After never reaches the service (the package reads only the body), so the wait
  // asked of the client is the service's own.
  it.each(["Too Many Requests", "too many requests", "Rate limit exceeded"])(
    "reads the rejection %j as unavailable: IAM busy, retry after 30 s",
    async (message) => {
      const check = flexCheckModule.createFlexCheck({
        validator: () => Promise.reject(message),
        credentials,
      });
      expect(await check(FLEX_TOKEN)).toEqual({
        kind: "unavailable",
        cause: "busy",
        reason: `Flex token validation failed: ${message}`,
        retryAfterSeconds: 30,
      });
      expect(flexCheckModule.IAM_BUSY_RETRY_AFTER_SECONDS).toBe(30);
    },
  );

  it.each([
    INVALID_TOKEN_MESSAGE,
    EXPIRED_TOKEN_MESSAGE,
    "Unauthorized: Token was not provided",
    "Token validation failed",
    "Authenticate the user again",
    "Could not authenticate token",
  ])("keeps the rejection %j a refusal", async (message) => {
    const check = flexCheckModule.createFlexCheck({ validator: () => Promise.reject(message), credentials });
    expect((await check(FLEX_TOKEN)).kind).toBe("refused");
  });

  it("says unavailable, not refused, when its own credentials are wrong: IAM answers 401 Authenticate", async () => {
    const { iam, check } = setUp({ authToken: "stale-auth-token" });
    expect(await check(iam.issue(ADA))).toEqual({
      kind: "unavailable",
      cause: "credentials",
      reason: "Twilio IAM refused the token service's own credentials: Authenticate",
    });
  });

  it.each([
    "Unauthorized: AccountSid was not provided",
    "Unauthorized: AuthToken or Api Credentials were not provided",
  ])("reads the package's own credential check %j as the service's credentials", async (message) => {
    const check = flexCheckModule.createFlexCheck({ validator: () => Promise.reject(message), credentials });
    expect(await check(FLEX_TOKEN)).toMatchObject({ kind: "unavailable", cause: "credentials" });
  });

  it("refuses an answer that resolves without valid: true (defence in depth)", async () => {
    const check = flexCheckModule.createFlexCheck({
      validator: async () => ({ valid: "yes", realm_user_id: ADA, worker_sid: workerSidFor(ADA) }),
      credentials,
    });
    expect((await check("t")).kind).toBe("refused");
  });

  it.each([
    ["IAM cannot be reached", "network" as const],
    ["IAM answers something that is not JSON", "not-json" as const],
  ])("says unavailable when %s", async (_, failure) => {
    const { iam, check } = setUp();
    iam.failNext(failure);
    expect((await check(iam.issue(ADA))).kind).toBe("unavailable");
  });

  it("gives up on a validator that never answers", async () => {
    const { iam, check } = setUp({}, 20);
    iam.failNext("hang");
    expect(await check(iam.issue(ADA))).toEqual({
      kind: "unavailable",
      cause: "failing",
      reason: "Flex token validation timed out",
    });
  });

  it("keeps the token out of the reason even if a message echoes it", async () => {
    const check = flexCheckModule.createFlexCheck({
      validator: (token) => Promise.reject(`bad token ${token}\n${"x".repeat(1000)}`),
      credentials,
    });
    const outcome = await check("SECRET-FLEX-TOKEN");
    if (outcome.kind !== "refused") throw new Error(`expected refused, got ${outcome.kind}`);
    expect(outcome.reason).not.toContain("SECRET-FLEX-TOKEN");
    expect(outcome.reason).toContain("bad token [flex token] x");
    expect(outcome.reason.length).toBeLessThan(250);
  });
});
