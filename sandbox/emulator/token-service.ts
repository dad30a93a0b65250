import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context.ts";
import { badRequest, EmulatorError } from "./errors.ts";
import { parseJsonObject, readBody, sendError, sendJson } from "./http-io.ts";
import type { WorkerTokens } from "./tokens.ts";
import { verifyFlexToken } from "./tokens.ts";
import { ensureWorker } from "./worker-ops.ts";

/**
 * The sandbox token service (CONTRACT §3): `POST /token {"flexToken"}` → a TaskRouter worker
 * token for the agent the Flex token names, plus the EventBridge URLs of this emulator.
 * `401 {message}` when the Flex token is refused; `400` for a body that is not
 * `{"flexToken": "<string>"}`; `413` over 8 kB.
 */

export const TOKEN_PATH = "/token";
const BODY_LIMIT_BYTES = 8 * 1024;

export interface TokenServiceConfig {
  flexTokenSecret: string;
  ebServer: string;
  wsServer: string;
}

/** Injected failures (`fail-next`), so tests can exercise the extension's retry and sign-out paths. */
export class TokenServiceFaults {
  private status = 0;
  private remaining = 0;

  failNext(status: number, count: number): void {
    this.status = status;
    this.remaining = count;
  }

  clear(): void {
    this.remaining = 0;
  }

  /** Consumes one injected failure, if any is pending. */
  take(): number | null {
    if (this.remaining <= 0) return null;
    this.remaining -= 1;
    return this.status;
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
      ctx.log(`token service: injected ${injected}`);
      throw new EmulatorError(injected, `injected failure (${injected})`);
    }
    const body = parseJsonObject(await readBody(req, BODY_LIMIT_BYTES));
    const { flexToken } = body;
    if (typeof flexToken !== "string" || flexToken === "") throw badRequest("flexToken (string) is required");

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
      ebServer: deps.config.ebServer,
      wsServer: deps.config.wsServer,
    });
  } catch (err) {
    if (err instanceof EmulatorError && err.status === 401) ctx.log(`token refused: ${err.message}`);
    sendError(res, err, "message", ctx.log);
  }
}
