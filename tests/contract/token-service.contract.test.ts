import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signFlexToken, startEmulator } from "../../sandbox/emulator/index.ts";
import {
  MAX_FLEX_TOKEN_LENGTH as EMULATOR_MAX_FLEX_TOKEN_LENGTH,
  CLIENT_RATE_LIMIT as EMULATOR_RATE_LIMIT,
} from "../../sandbox/emulator/token-service.ts";
import { exchangeFlexToken } from "../../src/background/token-exchange.ts";
import {
  ACCOUNT_SID,
  ADA,
  AUTH_TOKEN,
  EXTENSION_ORIGIN,
  OTHER_ACCOUNT_SID,
  SANDBOX_EXTENSION_ID,
  TEST_ENV,
  WORKSPACE_SID,
} from "../token-service/support/env.ts";
import { FakeIam } from "../token-service/support/fake-flex-validator.ts";
import { serveTokenService } from "../token-service/support/local-server.ts";
import { exchangeModule, tokenFunction } from "../token-service/support/token-service.ts";
import { installTwilioRuntime } from "../token-service/support/twilio-runtime.ts";

/**
 * CONTRACT §3, one table of cases run over HTTP against both token services the extension meets:
 * - "function": the deployable Twilio Function (token-service/), with Twilio's Flex token validator
 *   replaced by the local fake, served on 127.0.0.1;
 * - "emulator": the sandbox emulator's `/token`, which e2e tests and QA use.
 * Where the two legitimately differ, the case gives each its own expectation and says why.
 */

type Side = "function" | "emulator";

interface Target {
  side: Side;
  tokenUrl: string;
  workspaceSid: string;
  validToken(identity: string): Promise<string>;
  expiredToken(identity: string): Promise<string>;
  /** A well-formed Flex token this service must not trust (other account / other signer). */
  foreignToken(identity: string): Promise<string>;
  /** Makes the next exchange fail as when Twilio (or the service) is unreachable. */
  failNextExchange(): void;
  close(): Promise<void>;
}

async function functionTarget(): Promise<Target> {
  const iam = new FakeIam({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const env = { ...TEST_ENV, CALLBACK_KEY_SECRET: "the-contract-test-callback-key-secret" };
  const server = await serveTokenService(
    tokenFunction.createService(env, { validator: iam.validator, log: () => {}, alert: () => {} }),
  );
  return {
    side: "function",
    tokenUrl: server.tokenUrl,
    workspaceSid: WORKSPACE_SID,
    validToken: async (identity) => iam.issue(identity),
    expiredToken: async (identity) => iam.issue(identity, { ttlSeconds: -60 }),
    foreignToken: async (identity) => iam.issue(identity, { accountSid: OTHER_ACCOUNT_SID }),
    failNextExchange: () => iam.failNext("network"),
    close: () => server.close(),
  };
}

async function emulatorTarget(): Promise<Target> {
  const emulator = await startEmulator();
  return {
    side: "emulator",
    tokenUrl: emulator.tokenUrl,
    workspaceSid: emulator.workspaceSid,
    validToken: (identity) => signFlexToken(identity),
    expiredToken: (identity) => signFlexToken(identity, { ttlSeconds: -60 }),
    foreignToken: (identity) => signFlexToken(identity, { secret: "someone-elses-secret" }),
    failNextExchange: () => emulator.admin.failNextTokenRequests(503),
    close: () => emulator.close(),
  };
}

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a contract test reads arbitrary reply fields
  body: any;
}

interface Request {
  method?: string;
  /** Default: the extension's Origin and JSON; `origin: null` sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
  body?: string;
}

async function send(target: Target, request: Request): Promise<Reply> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...request.headers };
  const origin = request.origin === undefined ? EXTENSION_ORIGIN : request.origin;
  if (origin !== null) headers.Origin = origin;
  const res = await fetch(target.tokenUrl, { method: request.method ?? "POST", headers, body: request.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : JSON.parse(text) };
}

interface Expectation {
  status: number;
  check?: (reply: Reply, target: Target) => void;
}

interface Case {
  name: string;
  request: (target: Target) => Promise<Request>;
  expect: Expectation | Record<Side, Expectation>;
  /** Why the two services answer differently, when they do. */
  differs?: string;
}

/** The sandbox build's rules: the emulator's EventBridge is on this machine. */
const RULES = { allowLoopbackHttp: true };
const json = (value: unknown) => JSON.stringify(value);
const flexTokenBody = async (token: Promise<string>) => ({ body: json({ flexToken: await token }) });

/**
 * The §3 answer: token, identity, ISO expiresAt, and (optional; both services here have a secret
 * to derive it) the agent's callbackKey; a TaskRouter worker grant for that identity.
 */
function isWorkerToken(identity: string): Expectation["check"] {
  return (reply, target) => {
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    const { token, expiresAt, callbackKey, ...rest } = reply.body;
    expect(rest.identity).toBe(identity);
    // base64url of an HMAC-SHA256: 32 bytes, 43 characters.
    expect(callbackKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // ebServer/wsServer are optional, both or neither; production (the function) sends neither.
    const extra = Object.keys(rest).filter((k) => k !== "identity");
    expect(extra.sort()).toEqual(target.side === "function" ? [] : ["ebServer", "wsServer"]);

    expect(new Date(expiresAt).toISOString()).toBe(expiresAt);
    const secondsLeft = (Date.parse(expiresAt) - Date.now()) / 1000;
    expect(secondsLeft).toBeGreaterThan(3500);
    expect(secondsLeft).toBeLessThanOrEqual(3600);

    const claims = decodeJwt(token);
    expect(claims.exp).toBe(Date.parse(expiresAt) / 1000);
    expect(claims.grants).toMatchObject({
      identity,
      task_router: { workspace_sid: target.workspaceSid, role: "worker" },
    });
    expect((claims.grants as { task_router: { worker_sid: string } }).task_router.worker_sid).toMatch(
      /^WK[0-9a-f]{32}$/,
    );
  };
}

/** 401 with a `{message}` body; the function's says nothing about why. */
const REFUSED_DIFFERS =
  "401 body: the function's is always {message: 'unauthorized'}; the emulator's names the reason";
const refused: Record<Side, Expectation> = {
  function: { status: 401, check: (reply) => expect(reply.body).toEqual({ message: "unauthorized" }) },
  emulator: { status: 401, check: (reply) => expect(typeof reply.body.message).toBe("string") },
};

const CASES: Case[] = [
  {
    name: "a valid Flex token → 200 with a worker token",
    request: (t) => flexTokenBody(t.validToken(ADA)),
    expect: { status: 200, check: isWorkerToken(ADA) },
  },
  {
    name: "an expired Flex token → 401",
    request: (t) => flexTokenBody(t.expiredToken(ADA)),
    expect: refused,
    differs: REFUSED_DIFFERS,
  },
  {
    name: "a foreign Flex token → 401",
    request: (t) => flexTokenBody(t.foreignToken(ADA)),
    expect: refused,
    differs: REFUSED_DIFFERS,
  },
  {
    name: "a malformed Flex token → 401",
    request: async () => ({ body: json({ flexToken: "not-a-flex-token" }) }),
    expect: refused,
    differs: REFUSED_DIFFERS,
  },
  {
    name: "no flexToken → 400",
    request: async () => ({ body: json({ token: "abc" }) }),
    expect: { status: 400 },
  },
  {
    name: "a flexToken that is not a string → 400",
    request: async () => ({ body: json({ flexToken: 42 }) }),
    expect: { status: 400 },
  },
  {
    name: "a body that is not JSON → 400",
    request: async () => ({ body: "flexToken=abc" }),
    expect: { status: 400 },
  },
  {
    name: "JSON null → 400",
    request: async () => ({ body: "null" }),
    expect: { status: 400 },
  },
  {
    name: "a JSON array → 400",
    request: async () => ({ body: json([{ flexToken: "abc" }]) }),
    expect: { status: 400 },
  },
  {
    name: "an empty flexToken → 400",
    request: async () => ({ body: json({ flexToken: "" }) }),
    expect: { status: 400 },
  },
  {
    name: "a body over 8 kB → 413",
    request: async () => ({ body: json({ flexToken: "x".repeat(16 * 1024) }) }),
    expect: { status: 413 },
  },
  {
    name: "a flexToken of 8,001 characters (its body under 8 kB) → 413",
    request: async () => ({ body: json({ flexToken: "x".repeat(8001) }) }),
    expect: { status: 413 },
  },
  {
    name: "a flexToken of 8,000 characters is checked: this one is not a Flex token → 401",
    request: async () => ({ body: json({ flexToken: "x".repeat(8000) }) }),
    expect: refused,
    differs: REFUSED_DIFFERS,
  },
  {
    name: "extra fields beside a valid Flex token are ignored → 200",
    request: async (t) => ({ body: json({ flexToken: await t.validToken(ADA), extra: { junk: [1] } }) }),
    expect: { status: 200, check: isWorkerToken(ADA) },
  },
  { name: "GET → 405", request: async () => ({ method: "GET" }), expect: { status: 405 } },
  {
    name: "a CORS preflight from the extension → 204 allowing its origin",
    request: async () => ({
      method: "OPTIONS",
      headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    }),
    expect: {
      status: 204,
      check: (reply) => {
        expect(reply.headers.get("access-control-allow-origin")).toBe(EXTENSION_ORIGIN);
        expect(reply.headers.get("access-control-allow-methods")).toMatch(/POST/);
        expect(reply.headers.get("access-control-allow-headers")?.toLowerCase()).toMatch(/content-type/);
      },
    },
  },
  {
    name: "a Flex user outside the allowed email domain",
    request: (t) => flexTokenBody(t.validToken("mallory@evil.com")),
    expect: {
      function: refused.function,
      emulator: { status: 200, check: isWorkerToken("mallory@evil.com") },
    },
    differs: "only the real function checks the email domain; the emulator serves any sandbox identity",
  },
  {
    name: "a request from a web page's origin",
    request: async (t) => ({ origin: "https://evil.example", ...(await flexTokenBody(t.validToken(ADA))) }),
    expect: {
      function: {
        status: 403,
        check: (reply) => expect(reply.headers.get("access-control-allow-origin")).toBeNull(),
      },
      emulator: { status: 200 },
    },
    differs: "only the real function checks Origin; the emulator serves the sandbox's Flex fixture pages too",
  },
  {
    name: "a request without Origin",
    request: async (t) => ({ origin: null, ...(await flexTokenBody(t.validToken(ADA))) }),
    expect: { function: { status: 403 }, emulator: { status: 200 } },
    differs: "only the real function requires the extension's Origin",
  },
];

it("has one size limit and one rate limit, in both services", () => {
  expect(exchangeModule.MAX_FLEX_TOKEN_LENGTH).toBe(8000);
  expect(EMULATOR_MAX_FLEX_TOKEN_LENGTH).toBe(exchangeModule.MAX_FLEX_TOKEN_LENGTH);
  expect(EMULATOR_RATE_LIMIT).toEqual(exchangeModule.CLIENT_RATE_LIMIT);
});

it("says why, wherever the two services are expected to answer differently", () => {
  const differing = CASES.filter((c) => !("status" in c.expect));
  // The table does have cases where the two differ (else this would check nothing).
  expect(differing.length).toBeGreaterThan(0);
  for (const c of differing) expect(c.differs, c.name).toMatch(/\S/);
});

const expectationFor = (c: Case, side: Side): Expectation =>
  "status" in c.expect ? (c.expect as Expectation) : (c.expect as Record<Side, Expectation>)[side];

describe.each<[Side, () => Promise<Target>]>([
  ["function", functionTarget],
  ["emulator", emulatorTarget],
])("token service contract (CONTRACT §3): %s", (side, start) => {
  let target: Target;
  let uninstall: () => void = () => {};
  beforeAll(async () => {
    if (side === "function") uninstall = installTwilioRuntime();
    target = await start();
  });
  afterAll(async () => {
    await target.close();
    uninstall();
  });

  it.each(CASES)("$name", async (c) => {
    const expected = expectationFor(c, side);
    const reply = await send(target, await c.request(target));
    expect(reply.status, JSON.stringify(reply.body)).toBe(expected.status);
    expected.check?.(reply, target);
  });

  it("is read by the extension's own client as signed-in, refused and down as it should be", async () => {
    const fromExtension: typeof fetch = (url, init) =>
      fetch(url, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), Origin: EXTENSION_ORIGIN },
      });
    const ok = await exchangeFlexToken(fromExtension, target.tokenUrl, await target.validToken(ADA), RULES);
    expect(ok.kind === "ok" && ok.worker.identity).toBe(ADA);
    // The extension takes the agent's callbackKey of either service for its callback memory.
    expect(ok.kind === "ok" && ok.worker.callbackKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expired = await exchangeFlexToken(
      fromExtension,
      target.tokenUrl,
      await target.expiredToken(ADA),
      RULES,
    );
    expect(expired).toMatchObject({ kind: "failed", failure: "refused" });
    target.failNextExchange();
    const down = await exchangeFlexToken(fromExtension, target.tokenUrl, await target.validToken(ADA), RULES);
    expect(down).toMatchObject({ kind: "failed", failure: "down" });
  });

  // Last: it leaves one client's bucket empty (another allowed extension's than the cases').
  it("answers 429 with Retry-After once a client has spent its burst of token checks", async () => {
    const origin = `chrome-extension://${SANDBOX_EXTENSION_ID}`;
    const { burst } = exchangeModule.CLIENT_RATE_LIMIT;
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (let i = 0; i < burst + 20 && limited === undefined; i++) {
      const reply = await send(target, { origin, body: json({ flexToken: `junk-${side}-${i}` }) });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    // The contract's numbers, on both sides: a second or so of refill lets a request or two more
    // through.
    expect(statuses.length).toBeGreaterThan(burst);
    expect(statuses.length).toBeLessThanOrEqual(burst + 3);
    expect(limited?.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(limited?.headers.get("access-control-allow-origin")).toBe(origin);
    expect(typeof limited?.body.message).toBe("string");
  });
});
