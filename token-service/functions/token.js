/**
 * Twilio Function `/token` (public): HunkBridge's token service, CONTRACT §3.
 *
 * This file only wires things together: it reads the environment (the handler's `context`),
 * builds the dependencies of `lib/exchange` (the real Flex token validator, the AccessToken
 * minter, the rate limiter and the memory of refused tokens) and adapts Twilio's `event` and
 * `Twilio.Response` to the exchange's plain request and response. Tests call
 * `createHandler`/`createService` with a fake validator.
 */
const { validator: twilioValidator } = require("twilio-flex-token-validator");

/**
 * Twilio deploys every function under a generated name, so sibling modules cannot be required by
 * relative path; the runtime's registry gives their real location. Keys are paths under
 * functions/ without ".private.js".
 * @param {string} name
 */
function load(name) {
  const entry = Runtime.getFunctions()[name];
  if (!entry) throw new Error(`token service: module ${name} is not deployed`);
  return require(entry.path);
}

/**
 * @typedef {object} Overrides
 * @property {import("./lib/flex-check.private.js").Validator} [validator]  default: the real one
 * @property {(line: string) => void} [log]  default: console.log
 * @property {(line: string) => void} [alert]  default: console.error
 * @property {() => number} [now]  default: Date.now
 * @property {import("./lib/exchange.private.js").Guards} [guards]  default: new ones (createGuards)
 */

/**
 * The rate limiter and the memory of refused tokens, with the exchange's numbers. A handler keeps
 * one set for as long as its Function instance lives; each instance has its own.
 * @param {() => number} now
 * @returns {import("./lib/exchange.private.js").Guards}
 */
function createGuards(now) {
  /** @type {typeof import("./lib/exchange.private.js")} */
  const { CLIENT_RATE_LIMIT, REFUSED_TOKEN_MEMORY } = load("lib/exchange");
  /** @type {typeof import("./lib/rate-limit.private.js")} */
  const { createRateLimiter } = load("lib/rate-limit");
  /** @type {typeof import("./lib/refused-tokens.private.js")} */
  const { createRefusedTokens } = load("lib/refused-tokens");
  return {
    // Clients are allowed Origins, a handful at most; the bound only guards against a bug.
    rateLimiter: createRateLimiter({ rule: CLIENT_RATE_LIMIT, maxKeys: 100, now }),
    refusedTokens: createRefusedTokens({ ...REFUSED_TOKEN_MEMORY, now }),
  };
}

/**
 * @param {Record<string, unknown>} env  the Function's context (environment variables)
 * @param {Overrides} [overrides]
 * @returns {(request: import("./lib/exchange.private.js").ExchangeRequest) =>
 *   Promise<import("./lib/exchange.private.js").ExchangeResponse>}
 */
function createService(env, overrides = {}) {
  /** @type {typeof import("./lib/config.private.js")} */
  const { readConfig } = load("lib/config");
  /** @type {typeof import("./lib/exchange.private.js")} */
  const { exchange, internalError } = load("lib/exchange");
  /** @type {typeof import("./lib/flex-check.private.js")} */
  const { createFlexCheck } = load("lib/flex-check");
  /** @type {typeof import("./lib/worker-token.private.js")} */
  const { mintWorkerToken } = load("lib/worker-token");
  /** @type {typeof import("./lib/callback-key.private.js")} */
  const { deriveCallbackKey } = load("lib/callback-key");
  const log = overrides.log ?? ((/** @type {string} */ line) => console.log(line));
  const alert = overrides.alert ?? ((/** @type {string} */ line) => console.error(line));
  const now = overrides.now ?? Date.now;

  const loaded = readConfig(env);
  if (!loaded.ok) {
    // Names of the variables only: some of them are secrets.
    log(`token service misconfigured: ${loaded.problems.join("; ")}`);
    return async () => internalError();
  }
  const { config } = loaded;
  const checkFlexToken = createFlexCheck({
    validator: overrides.validator ?? twilioValidator,
    credentials: config,
  });
  const guards = overrides.guards ?? createGuards(now);
  const { callbackKeySecret } = config;
  return (request) =>
    exchange(request, {
      policy: config,
      checkFlexToken,
      mintWorkerToken: (worker) => mintWorkerToken(config, worker),
      callbackKeyFor:
        callbackKeySecret === undefined
          ? undefined
          : (identity) => deriveCallbackKey(callbackKeySecret, identity),
      guards,
      log,
      alert,
      now,
    });
}

/**
 * The runtime puts the request's headers under `event.request` and spreads the parsed JSON body
 * (and any query parameters) over the rest of `event`; it does not say which HTTP method was used.
 * @param {Record<string, unknown>} event
 * @returns {import("./lib/exchange.private.js").ExchangeRequest}
 */
function toExchangeRequest(event) {
  const { request, ...fields } = event ?? {};
  const headers = /** @type {{ headers?: Record<string, string | string[]> } | undefined} */ (request)
    ?.headers;
  return {
    method: undefined,
    headers: headers ?? {},
    body: Object.keys(fields).length > 0 ? fields : undefined,
  };
}

/**
 * @param {Overrides} [overrides]
 * @returns {(context: Record<string, unknown>, event: Record<string, unknown>,
 *   callback: (error: unknown, response?: unknown) => void) => Promise<void>}
 */
function createHandler(overrides = {}) {
  // Made at the first request (Runtime is there by then) and kept while the instance lives: the
  // runtime calls the same exported handler for every request an instance serves.
  /** @type {import("./lib/exchange.private.js").Guards | undefined} */
  let guards = overrides.guards;
  return async (context, event, callback) => {
    try {
      guards ??= createGuards(overrides.now ?? Date.now);
      const result = await createService(context, { ...overrides, guards })(toExchangeRequest(event));
      const response = new Twilio.Response();
      response.setStatusCode(result.status);
      for (const [name, value] of Object.entries(result.headers)) response.appendHeader(name, value);
      // An object body with Content-Type application/json is serialised by the runtime.
      if (result.body !== null) response.setBody(result.body);
      callback(null, response);
    } catch (err) {
      // Not reached in normal operation (the exchange answers every failure itself). A generic
      // error, because the runtime may show the message to the caller.
      console.error(`token service: handler failed: ${err instanceof Error ? err.message : String(err)}`);
      callback(new Error("token service internal error"));
    }
  };
}

exports.handler = createHandler();
exports.createHandler = createHandler;
exports.createService = createService;
exports.createGuards = createGuards;
