import { createHmac } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FLEX_TOKEN_SECRET, signFlexToken } from "../../sandbox/emulator/index.ts";
import {
  CLIENT_RATE_LIMIT,
  callbackKeyFor,
  MAX_FLEX_TOKEN_LENGTH,
} from "../../sandbox/emulator/token-service.ts";
import type { TestEmulator } from "./harness.ts";
import { postJson, startTestEmulator } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: token service (CONTRACT §3)", () => {
  let emulator: TestEmulator;

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  const exchange = (flexToken: unknown, init?: RequestInit) =>
    postJson(emulator.tokenUrl, { flexToken }, init);

  it("exchanges a sandbox Flex token for a worker token shaped like Twilio's AccessToken", async () => {
    const flexToken = await signFlexToken(ADA);
    const before = Date.now();
    const reply = await exchange(flexToken);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      identity: ADA,
      ebServer: emulator.ebServer,
      wsServer: emulator.wsServer,
    });
    const expiresAt = Date.parse(reply.body.expiresAt);
    expect(reply.body.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(expiresAt - before).toBeGreaterThan(3590_000);
    expect(expiresAt - before).toBeLessThanOrEqual(3601_000);

    const worker = emulator.admin.getState().workers.find((w) => w.identity === ADA);
    expect(worker).toMatchObject({ friendlyName: "Ada Lovelace", activity: "Unavailable" });
    expect(decodeProtectedHeader(reply.body.token)).toEqual({
      alg: "HS256",
      typ: "JWT",
      cty: "twilio-fpa;v=1",
    });
    const claims = decodeJwt(reply.body.token);
    expect(claims).toMatchObject({
      sub: emulator.accountSid,
      grants: {
        identity: ADA,
        task_router: { workspace_sid: emulator.workspaceSid, worker_sid: worker?.sid, role: "worker" },
      },
    });
    expect(claims.iss).toMatch(/^SK[0-9a-f]{32}$/);
    expect(claims.exp).toBe(expiresAt / 1000);

    // The same agent signing in again gets the same worker.
    await exchange(await signFlexToken(ADA));
    expect(emulator.admin.getState().workers).toHaveLength(1);
  });

  it("mints Flex tokens shaped like Twilio's by default: a five-part compact JWE, the second part empty", async () => {
    const flexToken = await signFlexToken(ADA);
    const parts = flexToken.split(".");
    expect(parts).toHaveLength(5);
    expect(parts[1]).toBe("");
    for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]*$/);
    // The header Twilio's Flex tokens carry (docs/flex-token.md), in that order.
    expect(Buffer.from(parts[0] ?? "", "base64url").toString("utf8")).toBe(
      '{"zip":"DEF","kid":"SAS_S3___KMS_v1","cty":"twilio-fpa;v=1","enc":"A256GCM","alg":"dir"}',
    );
    // Opaque: nothing of the agent is readable from the outside.
    expect(flexToken).not.toContain(Buffer.from(ADA).toString("base64url").slice(0, 12));
    expect(() => decodeJwt(flexToken)).toThrow();
    const admin = await postJson(`${emulator.url}/admin/flex-token`, { identity: ADA });
    expect(admin.body.flexToken.split(".")).toHaveLength(5);
  });

  it("still accepts an older Flex's three-part JWT", async () => {
    const legacy = await signFlexToken(ADA, { format: "jwt" });
    expect(legacy.split(".")).toHaveLength(3);
    expect(await exchange(legacy)).toMatchObject({ status: 200, body: { identity: ADA } });
    const admin = await postJson(`${emulator.url}/admin/flex-token`, { identity: ADA, format: "jwt" });
    expect(admin.body.flexToken.split(".")).toHaveLength(3);
    expect(
      await postJson(`${emulator.url}/admin/flex-token`, { identity: ADA, format: "jws" }),
    ).toMatchObject({
      status: 400,
    });
  });

  it("refuses an expired Flex token with 401", async () => {
    const reply = await exchange(await signFlexToken(ADA, { ttlSeconds: -60 }));
    expect(reply.status).toBe(401);
    expect(reply.body.message).toMatch(/expired/);
    expect(emulator.admin.getState().workers).toEqual([]);
  });

  it("refuses a Flex token made with another secret with 401, in either format", async () => {
    const reply = await exchange(await signFlexToken(ADA, { secret: "someone-elses-secret" }));
    expect(reply.status).toBe(401);
    expect(reply.body.message).toMatch(/decrypted/);
    const legacy = await exchange(
      await signFlexToken(ADA, { secret: "someone-elses-secret", format: "jwt" }),
    );
    expect(legacy.status).toBe(401);
    expect(legacy.body.message).toMatch(/signature/);
    // A JWE with a part cut out or a part too many is not a Flex token at all.
    const parts = (await signFlexToken(ADA)).split(".");
    expect((await exchange(parts.slice(0, 4).join("."))).status).toBe(401);
    expect((await exchange([...parts, "x"].join("."))).status).toBe(401);
  });

  it("honours a custom flexTokenSecret", async () => {
    const custom = await startTestEmulator({ flexTokenSecret: "qa-secret" });
    try {
      const good = await postJson(custom.tokenUrl, {
        flexToken: await signFlexToken(ADA, { secret: "qa-secret" }),
      });
      expect(good.status).toBe(200);
      const withDefault = await postJson(custom.tokenUrl, {
        flexToken: await signFlexToken(ADA, { secret: DEFAULT_FLEX_TOKEN_SECRET }),
      });
      expect(withDefault.status).toBe(401);
    } finally {
      await custom.close();
    }
  });

  it("answers malformed requests: not a JWT 401, not JSON 400, no flexToken 400, over 8 kB 413", async () => {
    expect(await exchange("not-a-jwt")).toMatchObject({ status: 401, body: { message: expect.any(String) } });
    expect(await exchange(42)).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/flexToken/) },
    });
    expect(await postJson(emulator.tokenUrl, "{oops")).toMatchObject({
      status: 400,
      body: { message: /JSON/ },
    });
    expect(await postJson(emulator.tokenUrl, {})).toMatchObject({ status: 400 });
    expect(await postJson(emulator.tokenUrl, { flexToken: "x".repeat(9000) })).toMatchObject({ status: 413 });
    // A token without any identity claim is refused too.
    const { SignJWT } = await import("jose");
    const anonymous = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(DEFAULT_FLEX_TOKEN_SECRET));
    expect(await exchange(anonymous)).toMatchObject({ status: 401, body: { message: /identity/ } });
  });

  it("answers a flexToken over 8,000 characters 413 (CONTRACT §3), and checks one of 8,000", async () => {
    expect(MAX_FLEX_TOKEN_LENGTH).toBe(8000);
    expect(await exchange("x".repeat(8001))).toMatchObject({ status: 413, body: { message: /8000/ } });
    expect(await exchange("x".repeat(8000))).toMatchObject({ status: 401 });
  });

  it.each([
    ["not JSON", "flexToken=abc"],
    ["cut-off JSON", '{"flexToken":"abc"'],
    ["empty", ""],
    ["JSON null", "null"],
    ["a JSON string", '"abc"'],
    ["a JSON number", "42"],
    ["a JSON array", '[{"flexToken":"abc"}]'],
    ["an empty object", "{}"],
    ["with an empty flexToken", '{"flexToken":""}'],
    ["with a null flexToken", '{"flexToken":null}'],
    ["with an object flexToken", '{"flexToken":{"token":"abc"}}'],
  ])("answers a body that is %s 400", async (_, body) => {
    expect(await postJson(emulator.tokenUrl, body)).toMatchObject({
      status: 400,
      body: { message: expect.any(String) },
    });
  });

  it("takes extra fields beside the flexToken", async () => {
    const reply = await postJson(emulator.tokenUrl, { flexToken: await signFlexToken(ADA), extra: [1] });
    expect(reply).toMatchObject({ status: 200, body: { identity: ADA } });
  });

  it("answers 429 with Retry-After once a client (an Origin) has spent its burst of token checks", async () => {
    expect(CLIENT_RATE_LIMIT).toEqual({ burst: 150, perSecond: 1 });
    const flooder = {
      headers: { Origin: "chrome-extension://flooding", "Content-Type": "application/json" },
    };
    const statuses: number[] = [];
    for (let i = 0; i < CLIENT_RATE_LIMIT.burst; i++)
      statuses.push((await exchange(`junk-${i}`, flooder)).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    // A second or so of refill may let a request or two more through.
    let limited = await exchange("junk", flooder);
    for (let i = 0; i < 3 && limited.status !== 429; i++) limited = await exchange("junk", flooder);
    expect(limited).toMatchObject({ status: 429, body: { message: /retry in 1 s/ } });
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("access-control-expose-headers")).toBe("Retry-After");
    // Another client is not held back.
    expect((await exchange(await signFlexToken(ADA))).status).toBe(200);
  });

  it("answers each agent a callbackKey of its own, stable for the emulator's life", async () => {
    const ada = await exchange(await signFlexToken(ADA));
    const key = ada.body.callbackKey;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await exchange(await signFlexToken(ADA))).body.callbackKey).toBe(key);
    const grace = await exchange(await signFlexToken("grace.hopper@chhj.com"));
    expect(grace.body.callbackKey).not.toBe(key);
    // The real service's derivation, from a secret of this emulator's own.
    expect(callbackKeyFor("s3cret", ADA)).toBe(
      createHmac("sha256", "s3cret").update(`hunkbridge-callback-memory:${ADA}`).digest("base64url"),
    );
    const other = await startTestEmulator();
    try {
      const elsewhere = await postJson(other.tokenUrl, { flexToken: await signFlexToken(ADA) });
      expect(elsewhere.body.callbackKey).not.toBe(key);
    } finally {
      await other.close();
    }
  });

  it("fail-next makes the next N requests fail with the given status, then recovers", async () => {
    const armed = await postJson(`${emulator.url}/admin/token-service/fail-next`, { status: 503, count: 2 });
    expect(armed).toMatchObject({ status: 200, body: { status: 503, count: 2 } });
    const flexToken = await signFlexToken(ADA);
    expect((await exchange(flexToken)).status).toBe(503);
    expect((await exchange(flexToken)).status).toBe(503);
    expect((await exchange(flexToken)).status).toBe(200);

    emulator.admin.failNextTokenRequests(401);
    expect(await exchange(flexToken)).toMatchObject({ status: 401, body: { message: /injected/ } });
    expect((await exchange(flexToken)).status).toBe(200);
  });

  it("allows cross-origin calls: CORS header on replies and a permissive preflight", async () => {
    const origin = "http://localhost:5173";
    const reply = await exchange(await signFlexToken(ADA), {
      headers: { Origin: origin, "Content-Type": "application/json" },
    });
    expect(reply.headers.get("access-control-allow-origin")).toBe(origin);
    const refused = await exchange("nope", { headers: { Origin: origin } });
    expect(refused.headers.get("access-control-allow-origin")).toBe(origin);

    const preflight = await fetch(emulator.tokenUrl, {
      method: "OPTIONS",
      headers: {
        Origin: "https://flex.twilio.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,apiversion",
        "Access-Control-Request-Private-Network": "true",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://flex.twilio.com");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type,apiversion");
    expect(preflight.headers.get("access-control-allow-private-network")).toBe("true");
  });
});
