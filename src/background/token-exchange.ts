/**
 * Exchanges the agent's Flex token for a TaskRouter worker token at the token service
 * (CONTRACT §3). The outcome says which of three things happened, because the agent needs a
 * different action for each: signed in, refused (sign in to Flex again), or service down (wait).
 */
import * as v from "valibot";
import type { ConfigRules } from "../domain/config.ts";
import type { ExchangeOutcome } from "../domain/connection-state.ts";
import { eventBridgeRefusal } from "../domain/event-bridge-hosts.ts";

const TokenResponse = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  identity: v.pipe(v.string(), v.minLength(1)),
  expiresAt: v.pipe(v.string(), v.isoTimestamp()),
  ebServer: v.optional(v.pipe(v.string(), v.url())),
  wsServer: v.optional(v.pipe(v.string(), v.url())),
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
    return { kind: "down", reason: `token service unreachable (${errorText(error)})` };
  }
  if (response.status === 401 || response.status === 403) {
    return { kind: "refused", reason: "the token service refused the Flex sign-in; sign in to Flex again" };
  }
  if (!response.ok) {
    return { kind: "down", reason: `token service answered HTTP ${response.status}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: "down", reason: "token service answered with something that is not JSON" };
  }
  const parsed = v.safeParse(TokenResponse, body);
  if (!parsed.success) {
    return { kind: "down", reason: `token service answer is malformed: ${parsed.issues[0].message}` };
  }
  const { token, identity, expiresAt, ebServer, wsServer } = parsed.output;
  const refusal =
    (ebServer && eventBridgeRefusal(ebServer, "ebServer", rules)) ||
    (wsServer && eventBridgeRefusal(wsServer, "wsServer", rules));
  // The service's answer is wrong, not the agent's sign-in: its admin must fix it.
  if (refusal) return { kind: "down", reason: `token service answer refused: ${refusal}` };
  return {
    kind: "ok",
    worker: {
      token,
      identity,
      expiresAtMs: Date.parse(expiresAt),
      eventBridge: ebServer && wsServer ? { ebServer, wsServer } : null,
    },
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.name === "TimeoutError" ? "timed out" : error.message;
  return String(error);
}
