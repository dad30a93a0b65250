/**
 * "Test connection": is the token service alive, is Hunkware reachable, may HunkBridge reach the
 * Flex origins, and is the agent signed in? Runs in the options page, which holds the same host
 * permissions as the service worker, so what works here works there. Browser APIs come in as
 * parameters for unit tests.
 */

import type { HunkBridgeConfig } from "../src/domain/config.ts";
import { connectionHealth } from "../src/domain/connection-health.ts";
import { type Request, readReply } from "../src/protocol/messages.ts";

export type CheckResult = { name: string; target: string | null; ok: boolean; message: string };

export interface ConnectionTestDeps {
  fetch: typeof fetch;
  hasAccess(origin: string): Promise<boolean>;
  /** runtime.sendMessage to the service worker. */
  askWorker(request: Request): Promise<unknown>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 8_000;

type Probe = { ok: true; status: number } | { ok: false; message: string };

async function probe(deps: ConnectionTestDeps, url: string, init: RequestInit): Promise<Probe> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as aborted: a hung server must not hang the test, whatever fetch does with the signal.
  const timeout = new Promise<Probe>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ ok: false, message: `no answer within ${Math.round(timeoutMs / 100) / 10} s` });
    }, timeoutMs);
  });
  const answer = deps
    .fetch(url, { ...init, cache: "no-store", signal: abort.signal })
    .then((response): Probe => ({ ok: true, status: response.status }))
    // fetch hides the cause (DNS, refused, TLS) from pages on purpose; say what it could be.
    .catch(
      (): Probe => ({ ok: false, message: "unreachable (no such host, connection refused, or a TLS error)" }),
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkAccess(deps: ConnectionTestDeps, url: string): Promise<string | null> {
  const origin = new URL(url).origin;
  return (await deps.hasAccess(origin))
    ? null
    : `HunkBridge has no access to ${origin}: grant it under "Site access" on this page`;
}

/** The token service refuses an empty request (400/401) when it is alive: that is the check. */
export async function checkTokenService(
  tokenUrl: string | null,
  deps: ConnectionTestDeps,
): Promise<CheckResult> {
  const name = "Token service";
  if (tokenUrl === null) {
    return { name, target: null, ok: false, message: "not configured (tokenUrl): HunkBridge can't sign in" };
  }
  const denied = await checkAccess(deps, tokenUrl);
  if (denied) return { name, target: tokenUrl, ok: false, message: denied };
  const result = await probe(deps, tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  if (!result.ok) return { name, target: tokenUrl, ok: false, message: result.message };
  const { status } = result;
  if (status === 404 || status === 405 || status === 410) {
    return { name, target: tokenUrl, ok: false, message: `HTTP ${status}: no token service at this address` };
  }
  if (status >= 500) {
    return { name, target: tokenUrl, ok: false, message: `HTTP ${status}: the token service is failing` };
  }
  if (status < 400) {
    return {
      name,
      target: tokenUrl,
      ok: false,
      message: `HTTP ${status} to a request without a Flex token: this does not behave like the token service`,
    };
  }
  return {
    name,
    target: tokenUrl,
    ok: true,
    message: `reachable (refused an empty request with HTTP ${status}, as expected)`,
  };
}

export async function checkHunkware(hunkwareUrl: string, deps: ConnectionTestDeps): Promise<CheckResult> {
  const name = "Hunkware";
  const denied = await checkAccess(deps, hunkwareUrl);
  if (denied) return { name, target: hunkwareUrl, ok: false, message: denied };
  const result = await probe(deps, hunkwareUrl, { method: "GET", credentials: "include" });
  if (!result.ok) return { name, target: hunkwareUrl, ok: false, message: result.message };
  const { status } = result;
  // A sign-in wall (401/403) still proves Hunkware is there.
  if (status < 400 || status === 401 || status === 403) {
    return { name, target: hunkwareUrl, ok: true, message: `reachable (HTTP ${status})` };
  }
  return {
    name,
    target: hunkwareUrl,
    ok: false,
    message: status >= 500 ? `HTTP ${status}: Hunkware is failing` : `HTTP ${status}: check hunkwareUrl`,
  };
}

/** Flex itself is not fetched (it needs the agent's session); what matters is host access. */
export async function checkFlexOrigin(origin: string, deps: ConnectionTestDeps): Promise<CheckResult> {
  const denied = await checkAccess(deps, origin);
  return denied
    ? { name: "Flex", target: origin, ok: false, message: denied }
    : { name: "Flex", target: origin, ok: true, message: "HunkBridge may run there" };
}

/**
 * The service worker's own sign-in as it stands. Every probe can pass while the agent is stuck (a
 * Flex token the worker can't take, a refusal): this says why, in the worker's words.
 */
export async function checkSignIn(deps: ConnectionTestDeps): Promise<CheckResult> {
  const name = "Sign-in";
  let reply: unknown;
  try {
    reply = await deps.askWorker({ type: "get-view" });
  } catch (error) {
    return { name, target: null, ok: false, message: `the service worker did not answer (${String(error)})` };
  }
  const parsed = readReply("get-view", reply);
  if (!parsed.ok) {
    return {
      name,
      target: null,
      ok: false,
      message: `the service worker's answer is unreadable (${parsed.error})`,
    };
  }
  const { status, detail, identity } = parsed.value.view.connection;
  if (status === "connected") {
    return { name, target: null, ok: true, message: `signed in${identity ? ` as ${identity}` : ""}` };
  }
  const health = connectionHealth(status);
  return {
    name,
    target: null,
    ok: false,
    message: `${health.text}: ${detail ?? health.hint ?? "not signed in"}`,
  };
}

export async function testConnection(
  config: HunkBridgeConfig,
  deps: ConnectionTestDeps,
): Promise<CheckResult[]> {
  return Promise.all([
    checkSignIn(deps),
    checkTokenService(config.tokenUrl, deps),
    checkHunkware(config.hunkwareUrl, deps),
    ...config.flexOrigins.map((origin) => checkFlexOrigin(origin, deps)),
  ]);
}
