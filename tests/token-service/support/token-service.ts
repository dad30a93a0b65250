import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Typed access to the token service's CommonJS modules. They are plain JavaScript (what Twilio
 * Functions run) outside the root tsconfig, so they are loaded with `require` and given the types
 * their JSDoc declares (checked on their side by `tsc -p token-service`).
 */

export const FUNCTIONS_DIR = fileURLToPath(new URL("../../../token-service/functions/", import.meta.url));
const require = createRequire(FUNCTIONS_DIR);

export type Headers = Record<string, string | string[] | undefined>;

export interface ExchangeRequest {
  method: string | undefined;
  headers: Headers;
  body: string | Record<string, unknown> | undefined;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}

/** twilio-flex-token-validator's `validator`. */
export type Validator = (
  token: string,
  accountSid: string,
  authToken?: string,
  realm?: string,
  apiCredentials?: { Sid: string; Secret: string },
) => Promise<object>;

export type FlexCheck =
  | { kind: "valid"; email: string; workerSid: string; expiresAtMs: number | null }
  | { kind: "refused"; reason: string }
  | {
      kind: "unavailable";
      cause: "credentials" | "busy" | "failing";
      reason: string;
      retryAfterSeconds?: number;
    };

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface BucketRule {
  burst: number;
  perSecond: number;
}

export interface Bucket {
  tokens: number;
  atMs: number;
}

export interface RateLimiter {
  take(key: string): Take;
  readonly size: number;
}

export interface RefusedTokens {
  has(flexToken: string): boolean;
  add(flexToken: string): void;
  readonly size: number;
}

export interface Guards {
  rateLimiter: Pick<RateLimiter, "take">;
  refusedTokens: RefusedTokens;
}

export interface Overrides {
  validator?: Validator;
  log?: (line: string) => void;
  alert?: (line: string) => void;
  now?: () => number;
  guards?: Guards;
}

export type TwilioCallback = (error: unknown, response?: unknown) => void;
export type TwilioHandler = (
  context: Record<string, unknown>,
  event: Record<string, unknown>,
  callback: TwilioCallback,
) => Promise<void>;

export interface Config {
  accountSid: string;
  authToken: string | undefined;
  apiKey: string;
  apiSecret: string;
  workspaceSid: string;
  realm: string | undefined;
  allowedOrigins: string[];
  allowedEmailDomains: string[];
  ttlSeconds: number;
  callbackKeySecret: string | undefined;
}

export const tokenFunction = require("./token.js") as {
  handler: TwilioHandler;
  createHandler(overrides?: Overrides): TwilioHandler;
  createService(
    env: Record<string, unknown>,
    overrides?: Overrides,
  ): (r: ExchangeRequest) => Promise<ExchangeResponse>;
  createGuards(now: () => number): Guards;
};

export const configModule = require("./lib/config.private.js") as {
  readConfig(env: Record<string, unknown>): { ok: true; config: Config } | { ok: false; problems: string[] };
  DEFAULT_TTL_SECONDS: number;
  MIN_TTL_SECONDS: number;
  MAX_TTL_SECONDS: number;
  MIN_CALLBACK_KEY_SECRET_LENGTH: number;
  PRODUCTION_EXTENSION_ID: string;
};

export const flexCheckModule = require("./lib/flex-check.private.js") as {
  createFlexCheck(options: {
    validator: Validator;
    credentials: Pick<Config, "accountSid" | "authToken" | "apiKey" | "apiSecret" | "realm">;
    timeoutMs?: number;
  }): (flexToken: string) => Promise<FlexCheck>;
  IAM_BUSY_RETRY_AFTER_SECONDS: number;
};

export const workerTokenModule = require("./lib/worker-token.private.js") as {
  mintWorkerToken(
    key: Pick<Config, "accountSid" | "apiKey" | "apiSecret" | "workspaceSid">,
    worker: { identity: string; workerSid: string; ttlSeconds: number },
  ): { token: string; expiresAtMs: number };
};

export const exchangeModule = require("./lib/exchange.private.js") as {
  BODY_LIMIT_BYTES: number;
  MAX_FLEX_TOKEN_LENGTH: number;
  CLIENT_RATE_LIMIT: BucketRule;
  REFUSED_TOKEN_MEMORY: { ttlMs: number; maxEntries: number };
};

export const rateLimitModule = require("./lib/rate-limit.private.js") as {
  takeToken(bucket: Bucket | undefined, nowMs: number, rule: BucketRule): { bucket: Bucket; take: Take };
  createRateLimiter(options: { rule: BucketRule; maxKeys: number; now: () => number }): RateLimiter;
};

export const refusedTokensModule = require("./lib/refused-tokens.private.js") as {
  createRefusedTokens(options: { ttlMs: number; maxEntries: number; now: () => number }): RefusedTokens;
};

export const callbackKeyModule = require("./lib/callback-key.private.js") as {
  deriveCallbackKey(secret: string, identity: string): string;
  CALLBACK_KEY_LABEL: string;
};
