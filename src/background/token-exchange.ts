/**
 * Exchanges the agent's Flex token for a TaskRouter worker token at the token service
 * (CONTRACT §3). The outcome says what happened, in the agent's words and with whose it is to fix,
 * and carries the answer's Retry-After; when to ask again is domain/retry-policy.ts's decision.
 */
import * as v from "valibot";
import type { ConfigRules } from "../domain/config.ts";
import type { ExchangeOutcome } from "../domain/connection-state.ts";
import { eventBridgeRefusal } from "../domain/event-bridge-hosts.ts";
import { failureOfStatus, parseRetryAfter, type TokenFailure } from "../domain/retry-policy.ts";
import { CallbackKeyText } from "../features/callback-memory/phone-key.ts";

const TokenResponse = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  identity: v.pipe(v.string(), v.minLength(1)),
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
  ebServer: v.optional(v.pipe(v.string(), v.url())),
  wsServer: v.optional(v.pipe(v.string(), v.url())),
  // Checked apart (callbackKeyOf): a malformed key costs the callback memory, never the sign-in.
  callbackKey: v.optional(v.unknown()),
});

/**
 * `rules`: the build's (the sandbox's EventBridge is this machine's emulator). The request never
 * follows a redirect: a 307 or 308 would post the agent's Flex token again, wherever it points.
 */
export async function exchangeFlexToken(
  fetchFn: typeof fetch,
  tokenUrl: string,
  flexToken: string,
  rules: ConfigRules,
  now: () => number = Date.now,
  timeoutMs = 10_000,
): Promise<ExchangeOutcome> {
  let response: Response;
  try {
    response = await fetchFn(tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ flexToken }),
      signal: AbortSignal.timeout(timeoutMs),
      credentials: "omit",
      redirect: "error",
    });
  } catch (error) {
    return down(`the token service did not answer (${errorText(error)}); if Flex works, tell your admin`);
  }
  if (!response.ok) return failedAnswer(response, now());
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return down("the token service answered with something that is not JSON; tell your admin");
  }
  const parsed = v.safeParse(TokenResponse, body);
  if (!parsed.success) {
    return down(`the token service's answer is malformed (${parsed.issues[0].message}); tell your admin`);
  }
  const { token, identity, expiresAt, ebServer, wsServer, callbackKey } = parsed.output;
  const refusal =
    (ebServer && eventBridgeRefusal(ebServer, "ebServer", rules)) ||
    (wsServer && eventBridgeRefusal(wsServer, "wsServer", rules));
  // The service's answer is wrong, not the agent's sign-in: its admin must fix it.
  if (refusal) return down(`the token service's answer was refused (${refusal}); tell your admin`);
  return {
    kind: "ok",
    worker: {
      token,
      identity,
      expiresAtMs: Date.parse(expiresAt),
      eventBridge: ebServer && wsServer ? { ebServer, wsServer } : null,
      callbackKey: callbackKeyOf(callbackKey),
    },
  };
}

/**
 * The answer's `callbackKey` when it is one (CONTRACT §3: 43 base64url characters), else null:
 * the callback memory then hashes with a key of this browser session. Logged without the value,
 * which is a secret.
 */
function callbackKeyOf(value: unknown): string | null {
  if (value === undefined) return null;
  if (v.is(CallbackKeyText, value)) return value;
  console.warn(
    `HunkBridge: the token service's callbackKey is not 43 base64url characters (${describeKey(value)}), so it is ignored; the callback memory uses a key of this browser session. Tell your admin.`,
  );
  return null;
}

/** What a refused key was, never its text. */
function describeKey(value: unknown): string {
  if (typeof value !== "string") return value === null ? "null" : typeof value;
  return `${value.length} characters`;
}

const down = (reason: string): ExchangeOutcome => ({
  kind: "failed",
  failure: "down",
  reason,
  retryAfterMs: null,
});

/** What went wrong, and whose it is to fix, in the agent's words; the timing is retry-policy.ts's. */
function failedAnswer(response: Response, nowMs: number): ExchangeOutcome {
  const { status } = response;
  const failure = failureOfStatus(status);
  const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"), nowMs);
  return { kind: "failed", failure, reason: FAILURE_WORDS[failure](status), retryAfterMs };
}

const FAILURE_WORDS: Record<TokenFailure, (status: number) => string> = {
  // Flex's sign-in works (its page handed the token over), so a refusal is more often the
  // service's set-up than the agent's: say so, and that nothing is lost meanwhile.
  refused: (status) =>
    `the token service refused your Flex sign-in (HTTP ${status}). If Flex itself works, tell your admin; your call and client data are kept`,
  rejected: (status) =>
    `the token service cannot take this sign-in (HTTP ${status}); tell your admin. HunkBridge asks again when Flex renews your sign-in`,
  down: (status) =>
    status === 429
      ? "the token service is busy (HTTP 429) and asked HunkBridge to wait; nothing for you to do"
      : `the token service cannot sign you in now (HTTP ${status}); for your admin, nothing for you to do`,
};

function errorText(error: unknown): string {
  if (error instanceof Error) return error.name === "TimeoutError" ? "timed out" : error.message;
  return String(error);
}
