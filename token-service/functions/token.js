/**
 * Twilio Function `/token` (public): HunkBridge's token service, CONTRACT §3.
 *
 * This file only wires things together: it reads the environment (the handler's `context`),
 * builds the dependencies of `lib/exchange` (the real Flex token validator, the AccessToken
 * minter) and adapts Twilio's `event` and `Twilio.Response` to the exchange's plain request and
 * response. Tests call `createHandler`/`createService` with a fake validator.
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
 * @property {() => number} [now]  default: Date.now
 */

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
  const log = overrides.log ?? ((/** @type {string} */ line) => console.log(line));

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
  return (request) =>
    exchange(request, {
      policy: config,
      checkFlexToken,
      mintWorkerToken: (worker) => mintWorkerToken(config, worker),
      log,
      now: overrides.now ?? Date.now,
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
  return async (context, event, callback) => {
    try {
      const result = await createService(context, overrides)(toExchangeRequest(event));
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
