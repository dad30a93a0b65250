import { createHmac } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ACCOUNT_SID,
  ADA,
  AUTH_TOKEN,
  EXTENSION_ORIGIN,
  SANDBOX_EXTENSION_ID,
  TEST_ENV,
  WORKSPACE_SID,
} from "./support/env.ts";
import { FakeIam, type IamErrorStatus, workerSidFor } from "./support/fake-flex-validator.ts";
import { type IamTransport, stubIamTransport } from "./support/iam-transport.ts";
import { exchangeModule } from "./support/token-service.ts";
import { type DevRuntime, startDevRuntime } from "./support/twilio-dev-runtime.ts";

/**
 * The deployable function exactly as Twilio runs it — `exports.handler`, the real Flex token
 * validator, Twilio's runtime around it — with only the validator's HTTPS call to Twilio answered
 * in-process. Catches what unit tests with stand-ins cannot: how the runtime builds `event`
 * (is the Origin header there?), parses bodies, loads private modules and sends a Twilio.Response.
 */

let runtime: DevRuntime;
let iam: FakeIam;
let stub: IamTransport;
const CALLBACK_KEY_SECRET = "a-callback-key-secret-for-the-runtime-test";

beforeAll(async () => {
  iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  runtime = await startDevRuntime({ ...TEST_ENV, CALLBACK_KEY_SECRET });
});
afterAll(() => runtime.close());
beforeEach(() => {
  vi.restoreAllMocks();
  stub = stubIamTransport(iam);
  vi.spyOn(console, "log").mockImplementation(() => {});
});

async function post(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${runtime.url}/token`, {
    method: "POST",
    headers: { Origin: EXTENSION_ORIGIN, "Content-Type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

describe("token service in Twilio's runtime", () => {
  it("exchanges a valid Flex token, validated through the real validator", async () => {
    const flexToken = iam.issue(ADA);
    const reply = await post(JSON.stringify({ flexToken }));
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    expect(reply.headers.get("access-control-allow-origin")).toBe(EXTENSION_ORIGIN);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    const body = JSON.parse(reply.text);
    expect(body.identity).toBe(ADA);
    expect(body.callbackKey).toBe(
      createHmac("sha256", CALLBACK_KEY_SECRET)
        .update(`hunkbridge-callback-memory:${ADA}`)
        .digest("base64url"),
    );
    expect(decodeJwt(body.token).grants).toEqual({
      identity: ADA,
      task_router: { workspace_sid: WORKSPACE_SID, worker_sid: workerSidFor(ADA), role: "worker" },
    });
    // It asked Twilio IAM of the account Twilio put in the context, with that account's auth token.
    expect(stub.seen).toHaveLength(1);
    expect(stub.seen[0]?.options.path).toBe(`/v1/Accounts/${ACCOUNT_SID}/Tokens/validate`);
    expect(JSON.parse(stub.seen[0]?.body ?? "")).toEqual({ token: flexToken });
  });

  it("answers an expired token with the bare 401", async () => {
    const reply = await post(JSON.stringify({ flexToken: iam.issue(ADA, { ttlSeconds: -60 }) }));
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toEqual({ message: "unauthorized" });
  });

  it("sees the Origin header (the runtime passes headers in event.request) and refuses a web page", async () => {
    const reply = await post(JSON.stringify({ flexToken: iam.issue(ADA) }), {
      Origin: "https://evil.example",
    });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect(stub.seen).toEqual([]);
  });

  it("refuses a form-encoded body (the runtime would parse it into the same fields)", async () => {
    const reply = await post(`flexToken=${iam.issue(ADA)}`, {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(reply.status).toBe(400);
  });

  it("refuses a body over 8 kB by its Content-Length", async () => {
    const reply = await post(JSON.stringify({ flexToken: "x".repeat(16 * 1024) }));
    expect(reply.status).toBe(413);
  });

  it.each([
    ["unknown to Twilio", () => "not-a-flex-token"],
    ["a three-part JWT", () => "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"],
  ])("answers a token %s (IAM: 200, valid: false, 20101) with the bare 401", async (_, tokenOf) => {
    const reply = await post(JSON.stringify({ flexToken: tokenOf() }));
    expect(reply.status).toBe(401);
    expect(stub.seen[0]?.status).toBe(200);
  });

  it("answers 503 when Twilio IAM cannot be reached", async () => {
    stub.transport = { kind: "error", message: "connect ECONNREFUSED 10.0.0.1:443" };
    const reply = await post(JSON.stringify({ flexToken: iam.issue(ADA) }));
    expect(reply.status).toBe(503);
  });

  it.each<IamErrorStatus>([429, 500, 503])(
    "answers 503, never 401, when Twilio IAM answers HTTP %i with its error envelope",
    async (status) => {
      iam.answerNextWith(status);
      const reply = await post(JSON.stringify({ flexToken: iam.issue(ADA) }));
      expect(stub.seen[0]?.status).toBe(status);
      expect(reply.status, reply.text).toBe(503);
      expect(JSON.parse(reply.text)).toEqual({ message: "unavailable" });
      // Only IAM's 429 asks for a wait (ours: the validator never shows IAM's headers).
      expect(reply.headers.get("retry-after")).toBe(status === 429 ? "30" : null);
    },
  );

  it("answers 503, never 401, when Twilio IAM refuses the service's own credentials (401 Authenticate), and logs an error", async () => {
    // IAM knows another auth token for the account than the one Twilio put in the context.
    vi.restoreAllMocks();
    vi.spyOn(console, "log").mockImplementation(() => {});
    const rotated = new FakeIam({ accountSid: ACCOUNT_SID, authToken: "the-rotated-auth-token" });
    stub = stubIamTransport(rotated);
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const reply = await post(JSON.stringify({ flexToken: rotated.issue(ADA) }));
    expect(stub.seen[0]?.status).toBe(401);
    expect(reply.status, reply.text).toBe(503);
    expect(JSON.parse(reply.text)).toEqual({ message: "unavailable" });
    expect(consoleError).toHaveBeenCalledWith(
      expect.stringMatching(/CANNOT VALIDATE ANY FLEX TOKEN: .*own credentials: Authenticate/),
    );
  });

  it("answers a junk token sent again 401 without asking Twilio IAM again", async () => {
    const flexToken = "a-junk-token-sent-twice-through-the-runtime";
    expect((await post(JSON.stringify({ flexToken }))).status).toBe(401);
    expect((await post(JSON.stringify({ flexToken }))).status).toBe(401);
    expect(stub.seen).toHaveLength(1);
  });

  it("answers a flexToken of 8,001 characters 413, and takes one of 8,000 to IAM", async () => {
    const over = await post(JSON.stringify({ flexToken: "x".repeat(8001) }));
    expect(over.status, over.text).toBe(413);
    expect(stub.seen).toEqual([]);
    const longest = await post(JSON.stringify({ flexToken: "y".repeat(8000) }));
    expect(longest.status, longest.text).toBe(401);
    expect(stub.seen).toHaveLength(1);
  });

  it.each([
    ["not JSON", "flexToken=abc"],
    ["cut-off JSON", '{"flexToken":"abc"'],
    ["JSON null", "null"],
    ["a JSON string", '"abc"'],
    ["a JSON number", "42"],
    ["a JSON array", '[{"flexToken":"abc"}]'],
    ["an empty object", "{}"],
    ["an empty flexToken", '{"flexToken":""}'],
    ["a number flexToken", '{"flexToken":42}'],
    ["a null flexToken", '{"flexToken":null}'],
    ["an object flexToken", '{"flexToken":{"token":"abc"}}'],
  ])("answers a JSON body that is %s with 400, without asking IAM", async (_, body) => {
    // Bodies that are not JSON, or JSON but not an object or array, never reach the function: the
    // runtime's own JSON parser answers them 400 (with an HTML page). The rest are the function's.
    const reply = await post(body);
    expect(reply.status, reply.text).toBe(400);
    expect(stub.seen).toEqual([]);
  });

  it("answers 429 with Retry-After once a client has spent its burst of IAM calls", async () => {
    // Another allowed extension than the other tests', so its bucket is this test's alone: the
    // runtime keeps one Function instance, and its buckets, for the whole file.
    const origin = `chrome-extension://${SANDBOX_EXTENSION_ID}`;
    const { burst } = exchangeModule.CLIENT_RATE_LIMIT;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < burst + 20 && limited === undefined; i++) {
      const reply = await post(JSON.stringify({ flexToken: `junk-${i}` }), { Origin: origin });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    // A second or so of refill may let a request or two more through.
    expect(statuses.length).toBeGreaterThan(burst);
    expect(statuses.length).toBeLessThanOrEqual(burst + 3);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(limited?.headers.get("access-control-allow-origin")).toBe(origin);
    expect(JSON.parse(limited?.text ?? "")).toEqual({ message: "too many requests" });
    // Every request but the last reached IAM; the 429 did not.
    expect(stub.seen).toHaveLength(statuses.length - 1);
  });

  it.each([502, 504])("answers 503 when a gateway answers HTTP %i with an HTML page", async (status) => {
    stub.transport = { kind: "raw", text: `<html><body>${status}</body></html>`, status };
    const reply = await post(JSON.stringify({ flexToken: iam.issue(ADA) }));
    expect(reply.status).toBe(503);
  });

  it("has its preflight answered by the runtime itself (so the function's own preflight never runs there)", async () => {
    const res = await fetch(`${runtime.url}/token`, {
      method: "OPTIONS",
      headers: { Origin: EXTENSION_ORIGIN, "Access-Control-Request-Method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("does not serve the private modules", async () => {
    const res = await fetch(`${runtime.url}/lib/exchange`, { method: "POST" });
    expect(res.status).toBe(404);
  });
});
