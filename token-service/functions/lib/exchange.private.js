/**
 * The token exchange (CONTRACT §3) as a pure function of a request and its dependencies:
 * `POST {"flexToken"}` from the extension → `200 {token, identity, expiresAt[, callbackKey]}`.
 *
 * It knows nothing of the Twilio runtime (token.js adapts it) and reaches Twilio only through
 * `deps.checkFlexToken`, so it runs unchanged under a plain Node server and in tests.
 *
 * Every refusal of the Flex token itself is the same `401 {"message":"unauthorized"}`, whatever the
 * reason (expired, foreign, malformed, wrong domain, no worker): the reason goes to the server log
 * only, so a caller cannot probe which tokens or users exist.
 *
 * Each check of a Flex token is a call to Twilio IAM, which rate limits the whole account: once it
 * answers 429, no agent can sign in. So the checks that cost nothing come first (Origin, size,
 * shape), a token refused less than 5 minutes ago is refused again without asking, and what still
 * reaches IAM is rate limited per client.
 */

// A Flex token is 1–2 kB; 8 kB leaves room and matches the sandbox emulator's limit.
const BODY_LIMIT_BYTES = 8 * 1024;
/**
 * The longest `flexToken` the service takes, in characters (JavaScript string length; a Flex token
 * is ASCII). Longer is 413. CONTRACT §3 states it, and the extension never sends one longer.
 * Today's Flex tokens are 1–2 kB; with the `{"flexToken":""}` around it, the longest allowed token
 * still fits in BODY_LIMIT_BYTES.
 */
const MAX_FLEX_TOKEN_LENGTH = 8000;
/**
 * The rate limit on calls to IAM, per client, kept per Function instance. A client is the whole
 * fleet of agents using one extension (see `exchange`), and a healthy agent asks once an hour (each
 * worker token lasts TOKEN_TTL_SECONDS, 1 h by default) plus retries, which back off to minutes
 * apart. A burst of 150 lets 150 agents sign in at the same moment (start of a shift, or back after
 * an outage); 1 a second (3,600 an hour) is many times a fleet's hourly refreshes, and a flood of
 * junk tokens costs IAM at most that.
 */
const CLIENT_RATE_LIMIT = { burst: 150, perSecond: 1 };
/**
 * How long a refused Flex token is refused again without asking IAM, and how many are kept. The
 * rate limit lets at most 150 + 300 tokens reach IAM in 5 minutes per client, so 1,000 entries
 * (each a 43-character digest) hold every refusal of that time for a few clients.
 */
const REFUSED_TOKEN_MEMORY = { ttlMs: 5 * 60 * 1000, maxEntries: 1000 };
const MAX_LOGGED_ORIGIN = 100;

/**
 * @typedef {object} ExchangeRequest
 * @property {string | undefined} method  undefined where the runtime does not say (Twilio Functions)
 * @property {Record<string, string | string[] | undefined>} headers  lower-case names
 * @property {string | Record<string, unknown> | undefined} body  raw text, or fields the runtime
 *   already parsed from a JSON body, or undefined for no body
 */

/**
 * @typedef {object} ExchangeResponse
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {Record<string, unknown> | null} body  JSON, or null for no body
 */

/**
 * What the exchange keeps from one request to the next, in the Function instance's memory.
 * @typedef {object} Guards
 * @property {{ take(client: string): import("./rate-limit.private.js").Take }} rateLimiter
 *   spends one of the client's calls to IAM
 * @property {import("./refused-tokens.private.js").RefusedTokens} refusedTokens
 */

/**
 * @typedef {object} ExchangeDeps
 * @property {{ allowedOrigins: string[], allowedEmailDomains: string[], ttlSeconds: number }} policy
 * @property {(flexToken: string) => Promise<import("./flex-check.private.js").FlexCheck>} checkFlexToken
 * @property {(worker: { identity: string, workerSid: string, ttlSeconds: number }) =>
 *   { token: string, expiresAtMs: number }} mintWorkerToken
 * @property {((identity: string) => string) | undefined} callbackKeyFor  the agent's callbackKey;
 *   undefined when CALLBACK_KEY_SECRET is not set (the answer then has none)
 * @property {Guards} guards
 * @property {(line: string) => void} log
 * @property {(line: string) => void} alert  for what the admin must fix (console.error on Twilio,
 *   which its Debugger records as error 82005, and alarms can watch)
 * @property {() => number} now  epoch ms
 */

/**
 * @param {ExchangeRequest} request
 * @param {ExchangeDeps} deps
 * @returns {Promise<ExchangeResponse>}
 */
async function exchange(request, deps) {
  const { policy, log } = deps;
  const origin = header(request.headers, "origin");
  const allowedOrigin = origin !== undefined && policy.allowedOrigins.includes(origin) ? origin : undefined;
  const reply = responder(allowedOrigin);

  if (isPreflight(request)) {
    if (!allowedOrigin) return refuseOrigin(origin, log, reply);
    return reply(204, null, {
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "600",
    });
  }
  if (request.method !== undefined && request.method.toUpperCase() !== "POST") {
    return reply(405, { message: "method not allowed" }, { Allow: "POST, OPTIONS" });
  }
  // A Chrome extension always sends its Origin on a POST; anything else is not our client.
  if (!allowedOrigin) return refuseOrigin(origin, log, reply);

  if (bodySize(request) > BODY_LIMIT_BYTES) return reply(413, { message: "payload too large" });
  const fields = readFields(request);
  if (fields === null) return reply(400, { message: "body must be a JSON object" });
  const { flexToken } = fields;
  if (typeof flexToken !== "string" || flexToken === "") {
    return reply(400, { message: "flexToken (string) is required" });
  }
  if (flexToken.length > MAX_FLEX_TOKEN_LENGTH) return reply(413, { message: "payload too large" });

  const { guards } = deps;
  if (guards.refusedTokens.has(flexToken)) {
    return unauthorized("Flex token refused a moment ago, refused again without asking IAM", log, reply);
  }
  // The client the rate limit counts against. Twilio Functions do not show the caller's address:
  // the runtime withholds X-Forwarded-*, X-Real-IP and its own internal headers from the function
  // (Twilio's "Headers and cookies: Limitations"; @twilio/runtime-handler's restricted-headers
  // list), and every other header is written by the caller. So the client is the extension the
  // request comes from, by its allowed Origin: one bucket for the production extension's whole
  // fleet, another for a QA build. A flood sent with a copied Origin shares the fleet's bucket: it
  // can hold the fleet's sign-ins back by a Retry-After, but it cannot drive IAM into rate
  // limiting the whole account.
  const client = allowedOrigin;
  const take = guards.rateLimiter.take(client);
  if (!take.allowed) {
    log(`token service: rate limited ${client}: retry in ${take.retryAfterSeconds} s`);
    return reply(429, { message: "too many requests" }, retryAfter(take.retryAfterSeconds));
  }

  const refuse = (/** @type {string} */ reason) => {
    guards.refusedTokens.add(flexToken);
    return unauthorized(reason, log, reply);
  };
  try {
    const check = await deps.checkFlexToken(flexToken);
    if (check.kind === "unavailable") {
      if (check.cause === "credentials") {
        deps.alert(
          `token service: CANNOT VALIDATE ANY FLEX TOKEN: ${check.reason}. Every agent gets 503 ` +
            "until the Function's credentials are fixed; after a new auth token, deploy again " +
            "(docs/token-service.md, Rotate keys).",
        );
      } else {
        log(`token service: ${check.reason}`);
      }
      const wait = check.retryAfterSeconds === undefined ? {} : retryAfter(check.retryAfterSeconds);
      return reply(503, { message: "unavailable" }, wait);
    }
    if (check.kind === "refused") return refuse(check.reason);
    if (!inAllowedDomain(check.email, policy.allowedEmailDomains)) {
      return refuse(`${check.email} is outside the allowed email domains`);
    }
    // A worker token never outlives the Flex session it was exchanged for.
    const flexSecondsLeft =
      check.expiresAtMs === null
        ? Number.POSITIVE_INFINITY
        : Math.floor((check.expiresAtMs - deps.now()) / 1000);
    const ttlSeconds = Math.min(policy.ttlSeconds, flexSecondsLeft);
    if (ttlSeconds <= 0) return refuse(`Flex token of ${check.email} has expired`);

    const minted = deps.mintWorkerToken({ identity: check.email, workerSid: check.workerSid, ttlSeconds });
    log(`token service: worker token for ${check.email} (${check.workerSid}), ${ttlSeconds} s`);
    /** @type {Record<string, unknown>} */
    const answer = {
      token: minted.token,
      identity: check.email,
      expiresAt: new Date(minted.expiresAtMs).toISOString(),
    };
    if (deps.callbackKeyFor) answer.callbackKey = deps.callbackKeyFor(check.email);
    return reply(200, answer);
  } catch (err) {
    // Only our own bugs or a broken signing key get here; their messages carry no secret.
    log(`token service: internal error: ${err instanceof Error ? err.message : String(err)}`);
    return reply(500, { message: "internal error" });
  }
}

/** @param {number} seconds */
function retryAfter(seconds) {
  return {
    "Retry-After": String(seconds),
    // For a caller on a web page; the extension's service worker reads it anyway.
    "Access-Control-Expose-Headers": "Retry-After",
  };
}

/**
 * The answer for a service that cannot run (e.g. a missing environment variable).
 * @returns {ExchangeResponse}
 */
function internalError() {
  return responder(undefined)(500, { message: "internal error" });
}

/**
 * @param {string | undefined} allowedOrigin
 * @returns {(status: number, body: Record<string, unknown> | null, extra?: Record<string, string>) => ExchangeResponse}
 */
function responder(allowedOrigin) {
  return (status, body, extra = {}) => {
    /** @type {Record<string, string>} */
    const headers = {
      // The answer depends on Origin and carries a credential: no shared caching of either.
      Vary: "Origin",
      "Cache-Control": "no-store",
      ...extra,
    };
    if (body !== null) headers["Content-Type"] = "application/json";
    if (allowedOrigin) headers["Access-Control-Allow-Origin"] = allowedOrigin;
    return { status, headers, body };
  };
}

/**
 * @param {string | undefined} origin
 * @param {(line: string) => void} log
 * @param {ReturnType<typeof responder>} reply
 */
function refuseOrigin(origin, log, reply) {
  const shown = origin === undefined ? "none" : JSON.stringify(origin.slice(0, MAX_LOGGED_ORIGIN));
  log(`token service: refused a request from origin ${shown}`);
  return reply(403, { message: "forbidden" });
}

/**
 * @param {string} reason
 * @param {(line: string) => void} log
 * @param {ReturnType<typeof responder>} reply
 */
function unauthorized(reason, log, reply) {
  log(`token service: unauthorized: ${reason}`);
  return reply(401, { message: "unauthorized" });
}

/** @param {ExchangeRequest} request */
function isPreflight(request) {
  if (request.method !== undefined) return request.method.toUpperCase() === "OPTIONS";
  // Twilio Functions hide the method; a CORS preflight is recognisable by its own header.
  return header(request.headers, "access-control-request-method") !== undefined;
}

/**
 * @param {ExchangeRequest["headers"]} headers
 * @param {string} name lower case
 */
function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** @param {ExchangeRequest} request */
function bodySize(request) {
  const { body } = request;
  if (body === undefined) return 0;
  if (typeof body === "string") return Buffer.byteLength(body, "utf8");
  // Already parsed by the runtime: trust the declared length, else measure what arrived.
  const declared = Number(header(request.headers, "content-length"));
  return Number.isFinite(declared) && declared > 0
    ? declared
    : Buffer.byteLength(JSON.stringify(body), "utf8");
}

/**
 * @param {ExchangeRequest} request
 * @returns {Record<string, unknown> | null}
 */
function readFields({ body, headers }) {
  if (body === undefined) return null;
  if (typeof body !== "string") {
    // Fields the runtime parsed: only from a JSON body. It also parses form bodies and the query
    // string into the same fields, and a Flex token has no business in a URL or a form.
    const type = header(headers, "content-type") ?? "";
    return /^application\/json\s*(;|$)/i.test(type) ? body : null;
  }
  try {
    const value = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Exactly one "@", and the part after it is one of the allowed domains (sub-domains are not).
 * @param {string} email
 * @param {string[]} domains lower case
 */
function inAllowedDomain(email, domains) {
  const parts = email.toLowerCase().split("@");
  return parts.length === 2 && parts[0] !== "" && domains.includes(parts[1] ?? "");
}

module.exports = {
  exchange,
  internalError,
  BODY_LIMIT_BYTES,
  MAX_FLEX_TOKEN_LENGTH,
  CLIENT_RATE_LIMIT,
  REFUSED_TOKEN_MEMORY,
};
