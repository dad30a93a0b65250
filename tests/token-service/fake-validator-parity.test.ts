import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_SID, ADA, API_KEY, API_SECRET, AUTH_TOKEN } from "./support/env.ts";
import {
  EXPIRED_TOKEN_MESSAGE,
  FakeIam,
  IAM_ERROR_ENVELOPES,
  type IamErrorStatus,
  INVALID_TOKEN_MESSAGE,
} from "./support/fake-flex-validator.ts";
import { type IamTransport, stubIamTransport } from "./support/iam-transport.ts";
import { FUNCTIONS_DIR, type Validator } from "./support/token-service.ts";

/**
 * Keeps the fake honest: the REAL twilio-flex-token-validator runs with its HTTPS request
 * answered in-process by the fake IAM, and must resolve or reject exactly as the fake validator
 * does. No network.
 */

const realValidator = (
  createRequire(FUNCTIONS_DIR)("twilio-flex-token-validator") as { validator: Validator }
).validator;

let iam: FakeIam;
let stub: IamTransport;

beforeEach(() => {
  iam = new FakeIam({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
  });
  stub = stubIamTransport(iam);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function settle(promise: Promise<object>) {
  try {
    return { resolved: await promise };
  } catch (rejected) {
    return { rejected };
  }
}

/** Runs the same call through the real package and through the fake; both outcomes must match. */
async function both(...args: Parameters<Validator>) {
  const real = await settle(realValidator(...args));
  const fake = await settle(iam.validator(...args));
  expect(fake).toEqual(real);
  return real;
}

describe("the fake Flex token validator answers like twilio-flex-token-validator", () => {
  it("resolves with IAM's whole answer for a valid token, after POSTing it to iam.twilio.com", async () => {
    const token = iam.issue(ADA);
    const outcome = await both(token, ACCOUNT_SID, AUTH_TOKEN);
    expect(outcome.resolved).toMatchObject({
      valid: true,
      realm_user_id: ADA,
      identity: "ada_2Elovelace_40chhj_2Ecom",
    });
    expect(stub.seen[0]?.options).toMatchObject({
      hostname: "iam.twilio.com",
      port: 443,
      method: "POST",
      path: `/v1/Accounts/${ACCOUNT_SID}/Tokens/validate`,
    });
    expect(JSON.parse(stub.seen[0]?.body ?? "")).toEqual({ token });
  });

  it("uses the realm's IAM host and API key credentials when given", async () => {
    const outcome = await both(iam.issue(ADA), ACCOUNT_SID, undefined, "au1", {
      Sid: API_KEY,
      Secret: API_SECRET,
    });
    expect(outcome.resolved).toMatchObject({ valid: true });
    expect(stub.seen[0]?.options.hostname).toBe("iam.au1.twilio.com");
  });

  it.each([
    ["an unknown token", () => "nope", INVALID_TOKEN_MESSAGE],
    [
      "a three-part JWT",
      () => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl",
      INVALID_TOKEN_MESSAGE,
    ],
    ["a garbled Flex token", () => `${iam.issue(ADA)}x`, INVALID_TOKEN_MESSAGE],
    ["an expired token", () => iam.issue(ADA, { ttlSeconds: -1 }), EXPIRED_TOKEN_MESSAGE],
    [
      "another account's token",
      () => iam.issue(ADA, { accountSid: `AC${"0".repeat(32)}` }),
      INVALID_TOKEN_MESSAGE,
    ],
  ])(
    "rejects %s with IAM's bare message, IAM having answered HTTP 200 valid: false",
    async (_, tokenOf, message) => {
      const outcome = await both(tokenOf(), ACCOUNT_SID, AUTH_TOKEN);
      expect(outcome.rejected).toBe(message);
      expect(stub.seen[0]?.status).toBe(200);
    },
  );

  it("rejects with 'Authenticate' when its own credentials are wrong (IAM: 401, error 20003)", async () => {
    expect((await both(iam.issue(ADA), ACCOUNT_SID, "wrong")).rejected).toBe("Authenticate");
    expect(stub.seen[0]?.status).toBe(401);
  });

  it.each<IamErrorStatus>([429, 500, 503])(
    "rejects with the envelope's bare message when IAM answers HTTP %i: the status is lost",
    async (status) => {
      iam.answerNextWith(status, 2); // once for the real validator's request, once for the fake
      const outcome = await both(iam.issue(ADA), ACCOUNT_SID, AUTH_TOKEN);
      expect(outcome.rejected).toBe(IAM_ERROR_ENVELOPES[status].message);
      expect(stub.seen[0]?.status).toBe(status);
    },
  );

  it.each<[string, Parameters<Validator>]>([
    ["no token", ["", ACCOUNT_SID, AUTH_TOKEN]],
    ["no account sid", ["t", "", AUTH_TOKEN]],
    ["no credentials", ["t", ACCOUNT_SID, undefined, undefined, undefined]],
  ])("rejects %s before any request", async (_, args) => {
    expect(typeof (await both(...args)).rejected).toBe("string");
    expect(stub.seen).toEqual([]);
  });

  it("rejects with the socket error's message when IAM cannot be reached", async () => {
    stub.transport = { kind: "error", message: "getaddrinfo ENOTFOUND iam.twilio.com" };
    iam.failNext("network");
    expect((await both(iam.issue(ADA), ACCOUNT_SID, AUTH_TOKEN)).rejected).toBe(
      "getaddrinfo ENOTFOUND iam.twilio.com",
    );
  });

  it("rejects with JSON.parse's message when IAM answers an HTML error page", async () => {
    stub.transport = { kind: "raw", text: "<html><body>502 Bad Gateway</body></html>", status: 502 };
    iam.failNext("not-json");
    expect((await both(iam.issue(ADA), ACCOUNT_SID, AUTH_TOKEN)).rejected).toMatch(/is not valid JSON/);
  });
});

describe("the fake IAM's Flex tokens", () => {
  it("look like real Flex tokens from the outside: a compact JWE with Twilio's protected header", () => {
    const token = iam.issue(ADA);
    const parts = token.split(".");
    expect(parts).toHaveLength(5);
    for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]*$/);
    const [header, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    expect(Buffer.from(header, "base64url").toString("utf8")).toBe(
      '{"zip":"DEF","kid":"SAS_S3___KMS_v1","cty":"twilio-fpa;v=1","enc":"A256GCM","alg":"dir"}',
    );
    expect(encryptedKey).toBe(""); // alg "dir": no encrypted key
    expect(Buffer.from(iv, "base64url")).toHaveLength(12); // A256GCM's 96-bit IV
    expect(Buffer.from(tag, "base64url")).toHaveLength(16); // and 128-bit tag
    expect(ciphertext.length).toBeGreaterThan(0);
    expect(iam.issue(ADA)).not.toBe(token);
  });
});
