import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.ts";
import { badRequest, EmulatorError } from "./errors.ts";
import { parseJsonObject, readBody, sendError, sendJson } from "./http-io.ts";
import type { WorkerTokens } from "./tokens.ts";
import { verifyFlexToken } from "./tokens.ts";
import { ensureWorker } from "./worker-ops.ts";

/**
 * The sandbox token service (CONTRACT §3): `POST /token {"flexToken"}` → a TaskRouter worker
 * token for the agent the Flex token names, its callbackKey, and the EventBridge URLs of this
 * emulator. `401 {message}` when the Flex token is refused; `400` for a body that is not
 * `{"flexToken": "<string>"}`; `413` for a body over 8 kB or a flexToken over 8,000 characters;
 * `429` with Retry-After once a client (an Origin) has spent its burst of token checks.
 *
 * At least as strict as the real service (token-service/) wherever both apply, with the same
 * numbers: tests/contract/token-service.contract.test.ts runs the same cases against both. It
 * checks no Origin (the fixture Flex pages call it too), so it counts each Origin apart, where the
 * real one counts each allowed extension. It has no IAM behind it, so nothing to remember refused
 * tokens for.
 */

export const TOKEN_PATH = "/token";
const BODY_LIMIT_BYTES = 8 * 1024;
/** CONTRACT §3: a longer flexToken is 413. The real service's MAX_FLEX_TOKEN_LENGTH. */
export const MAX_FLEX_TOKEN_LENGTH = 8000;
/** The real service's CLIENT_RATE_LIMIT: token checks a client may make at once, and per second. */
export const CLIENT_RATE_LIMIT = { burst: 150, perSecond: 1 } as const;
/** The real service's derivation: base64url(HMAC-SHA256(secret, label + identity)). */
const CALLBACK_KEY_LABEL = "hunkbridge-callback-memory:";

interface Bucket {
  tokens: number;
  atMs: number;
}

/** What one emulator's token service keeps between requests. */
interface TokenServiceState {
  buckets: Map<string, Bucket>;
  /** Stands in for CALLBACK_KEY_SECRET: random per emulator, so keys never outlive it. */
  callbackKeySecret: Buffer;
}

// Keyed by the emulator's context (one per emulator), so each emulator starts afresh.
const states = new WeakMap<EmulatorContext, TokenServiceState>();

function stateOf(ctx: EmulatorContext): TokenServiceState {
  let state = states.get(ctx);
  if (!state) {
    state = { buckets: new Map(), callbackKeySecret: randomBytes(32) };
    states.set(ctx, state);
  }
  return state;
}

/** The real service's token bucket: seconds to wait, or null when the client may go ahead. */
function takeToken(buckets: Map<string, Bucket>, client: string, nowMs: number): number | null {
  const { burst, perSecond } = CLIENT_RATE_LIMIT;
  const bucket = buckets.get(client);
  const tokens = bucket
    ? Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * perSecond)
    : burst;
  if (tokens >= 1) {
    buckets.set(client, { tokens: tokens - 1, atMs: nowMs });
    return null;
  }
  buckets.set(client, { tokens, atMs: nowMs });
  return Math.max(1, Math.ceil((1 - tokens) / perSecond));
}

export function callbackKeyFor(secret: Buffer | string, identity: string): string {
  return createHmac("sha256", secret).update(`${CALLBACK_KEY_LABEL}${identity}`, "utf8").digest("base64url");
}

export interface TokenServiceConfig {
  flexTokenSecret: string;
  ebServer: string;
  wsServer: string;
}

/** Injected failures (`fail-next`), so tests can exercise the extension's retry and sign-out paths. */
export class TokenServiceFaults {
  private status = 0;
  private remaining = 0;
  /** Sent with each injected failure as Retry-After (delay-seconds), as a struggling service would. */
  private retryAfterSeconds: number | null = null;

  failNext(status: number, count: number, retryAfterSeconds: number | null = null): void {
    this.status = status;
    this.remaining = count;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  clear(): void {
    this.remaining = 0;
  }

  /** Consumes one injected failure, if any is pending. */
  take(): { status: number; retryAfterSeconds: number | null } | null {
    if (this.remaining <= 0) return null;
    this.remaining -= 1;
    return { status: this.status, retryAfterSeconds: this.retryAfterSeconds };
  }

  get pending(): { status: number; count: number } | null {
    return this.remaining > 0 ? { status: this.status, count: this.remaining } : null;
  }
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: {
    ctx: EmulatorContext;
    tokens: WorkerTokens;
    faults: TokenServiceFaults;
    config: TokenServiceConfig;
  },
): Promise<void> {
  const { ctx } = deps;
  try {
    const injected = deps.faults.take();
    if (injected !== null) {
      // Drain the body so the client sees the status rather than a reset connection.
      await readBody(req, BODY_LIMIT_BYTES).catch(() => "");
      ctx.log(`token service: injected ${injected.status}`);
      if (injected.retryAfterSeconds !== null) {
        res.setHeader("Retry-After", String(injected.retryAfterSeconds));
        res.setHeader("Access-Control-Expose-Headers", "Retry-After");
      }
      throw new EmulatorError(injected.status, `injected failure (${injected.status})`);
    }
    const body = parseJsonObject(await readBody(req, BODY_LIMIT_BYTES));
    const { flexToken } = body;
    if (typeof flexToken !== "string" || flexToken === "") throw badRequest("flexToken (string) is required");
    if (flexToken.length > MAX_FLEX_TOKEN_LENGTH) {
      throw new EmulatorError(413, `flexToken over ${MAX_FLEX_TOKEN_LENGTH} characters`);
    }

    const state = stateOf(ctx);
    const client = req.headers.origin ?? "";
    const waitSeconds = takeToken(state.buckets, client, Date.now());
    if (waitSeconds !== null) {
      ctx.log(`token service: rate limited ${JSON.stringify(client)}: retry in ${waitSeconds} s`);
      res.setHeader("Retry-After", String(waitSeconds));
      res.setHeader("Access-Control-Expose-Headers", "Retry-After");
      throw new EmulatorError(429, `too many token requests from this client; retry in ${waitSeconds} s`);
    }

    const identity = await verifyFlexToken(flexToken, deps.config.flexTokenSecret);
    const { worker } = ensureWorker(ctx, identity);
    const { token, exp } = await deps.tokens.sign(identity, worker.sid);
    ctx.log(
      `token issued for ${identity} (${worker.sid}), expires in ${exp - Math.floor(Date.now() / 1000)}s`,
    );
    sendJson(res, 200, {
      token,
      identity,
      expiresAt: new Date(exp * 1000).toISOString(),
      callbackKey: callbackKeyFor(state.callbackKeySecret, identity),
      ebServer: deps.config.ebServer,
      wsServer: deps.config.wsServer,
    });
  } catch (err) {
    if (err instanceof EmulatorError && err.status === 401) ctx.log(`token refused: ${err.message}`);
    sendError(res, err, "message", ctx.log);
  }
}
