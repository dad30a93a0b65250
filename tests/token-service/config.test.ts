import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN, TEST_ENV, WORKSPACE_SID } from "./support/env.ts";
import { configModule } from "./support/token-service.ts";

const { readConfig, PRODUCTION_EXTENSION_ID } = configModule;

function configOf(env: Record<string, unknown>) {
  const result = readConfig(env);
  if (!result.ok) throw new Error(`unexpected problems: ${result.problems.join("; ")}`);
  return result.config;
}

function problemsOf(env: Record<string, unknown>): string[] {
  const result = readConfig(env);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.problems;
}

describe("token service: configuration from the environment", () => {
  it("reads a complete environment", () => {
    expect(configOf(TEST_ENV)).toEqual({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      workspaceSid: WORKSPACE_SID,
      realm: undefined,
      allowedOrigins: [
        "chrome-extension://ofknpifobakjhobajpenccalbkbdjghh",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
      ],
      allowedEmailDomains: ["chhj.com"],
      ttlSeconds: 3600,
      callbackKeySecret: undefined,
    });
  });

  it("defaults to the production extension and chhj.com", () => {
    const { ALLOWED_EXTENSION_IDS: _, ...env } = TEST_ENV;
    const config = configOf(env);
    expect(PRODUCTION_EXTENSION_ID).toBe("ofknpifobakjhobajpenccalbkbdjghh");
    expect(config.allowedOrigins).toEqual([`chrome-extension://${PRODUCTION_EXTENSION_ID}`]);
    expect(config.allowedEmailDomains).toEqual(["chhj.com"]);
  });

  it("accepts several email domains, case-insensitively", () => {
    expect(
      configOf({ ...TEST_ENV, ALLOWED_EMAIL_DOMAIN: "CHHJ.com, @collegehunks.com" }).allowedEmailDomains,
    ).toEqual(["chhj.com", "collegehunks.com"]);
  });

  it("caps the worker token lifetime between a minute and Twilio's 24 h", () => {
    expect(configOf({ ...TEST_ENV, TOKEN_TTL_SECONDS: "900" }).ttlSeconds).toBe(900);
    expect(configOf({ ...TEST_ENV, TOKEN_TTL_SECONDS: "5" }).ttlSeconds).toBe(60);
    expect(configOf({ ...TEST_ENV, TOKEN_TTL_SECONDS: "999999" }).ttlSeconds).toBe(86400);
    expect(problemsOf({ ...TEST_ENV, TOKEN_TTL_SECONDS: "1h" })).toEqual([
      "TOKEN_TTL_SECONDS is not a whole number of seconds",
    ]);
  });

  it("works without AUTH_TOKEN (the validator then uses the API key)", () => {
    const { AUTH_TOKEN: _, ...env } = TEST_ENV;
    expect(configOf(env).authToken).toBeUndefined();
  });

  it("derives the IAM realm from TWILIO_REGION like the validator package does", () => {
    expect(configOf({ ...TEST_ENV, TWILIO_REGION: "au1-prod" }).realm).toBe("au1");
  });

  it("takes an optional CALLBACK_KEY_SECRET of at least 32 characters", () => {
    const secret = "s".repeat(configModule.MIN_CALLBACK_KEY_SECRET_LENGTH);
    expect(configModule.MIN_CALLBACK_KEY_SECRET_LENGTH).toBe(32);
    expect(configOf({ ...TEST_ENV, CALLBACK_KEY_SECRET: secret }).callbackKeySecret).toBe(secret);
    expect(configOf({ ...TEST_ENV, CALLBACK_KEY_SECRET: "  " }).callbackKeySecret).toBeUndefined();
    const problems = problemsOf({ ...TEST_ENV, CALLBACK_KEY_SECRET: "too-short-but-secret" });
    expect(problems).toEqual(["CALLBACK_KEY_SECRET is shorter than 32 characters"]);
    expect(problems.join(" ")).not.toContain("too-short-but-secret");
  });

  it("names every missing or malformed variable, never its value", () => {
    const problems = problemsOf({
      ACCOUNT_SID: "not-a-sid",
      TWILIO_API_SECRET: "",
      TWILIO_WORKSPACE_SID: `WQ${"0".repeat(32)}`,
      ALLOWED_EXTENSION_IDS: "https://evil.example",
      ALLOWED_EMAIL_DOMAIN: "not a domain",
    });
    expect(problems).toEqual([
      "ACCOUNT_SID is not a sid (AC and 32 hex digits)",
      "TWILIO_API_KEY is not set",
      "TWILIO_WORKSPACE_SID is not a sid (WS and 32 hex digits)",
      "TWILIO_API_SECRET is not set",
      "ALLOWED_EXTENSION_IDS has an entry that is not an extension id",
      "ALLOWED_EMAIL_DOMAIN is not a domain",
    ]);
    expect(problems.join(" ")).not.toContain("evil.example");
  });
});
