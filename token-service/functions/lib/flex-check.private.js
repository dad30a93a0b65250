/**
 * Asks Twilio whether a Flex token is genuine (twilio-flex-token-validator's `validator`) and turns
 * its answer into one of three outcomes the exchange can act on.
 *
 * The validator (1.6, dist/index.js) resolves with IAM's whole answer when `valid` is true, and
 * otherwise rejects with a bare string: the `message` of whatever JSON IAM answered, WHATEVER THE
 * HTTP STATUS, or a socket error's or JSON.parse's message. It never shows the status. So a
 * refused token (HTTP 200 `{"valid":false,"code":20101,"message":"Invalid Access Token",…}`) and
 * IAM rate limiting or failing (HTTP 429/5xx with Twilio's error envelope,
 * `{"code":20429,"message":"Too Many Requests","more_info":…,"status":429}`) both arrive as a
 * rejection with a short message, and only the message tells them apart.
 *
 * The extension must tell "sign in again" (401: it signs the agent out and stops) from "try later"
 * (503: it retries with backoff). "Try later" is recognised positively, by the messages of transport
 * failures, of Twilio's 429/5xx envelopes and of IAM refusing the service's own credentials, and a
 * hung request by a timeout of our own (the validator has none, and a Function is killed at 10 s).
 * Everything else stays a refusal, as `valid: false` means: IAM's refusal wording is not
 * documented, so it cannot be the list, and a dead token wrongly called "try later" would be
 * retried instead of the agent being asked to sign in again.
 *
 * Wrong credentials of the service reach the validator as HTTP 401 with Twilio's envelope
 * `{"code":20003,"message":"Authenticate","more_info":…,"status":401}`, so as the rejection
 * "Authenticate". That is the admin's to fix, not the agent's: no new Flex sign-in would help, so
 * it is "try later" too, flagged so the exchange can alert the admin.
 */

const WORKER_SID = /^WK[0-9a-f]{32}$/;
// Messages of Node socket errors and of JSON.parse on a non-JSON (e.g. HTML 502/504) reply.
const TRANSPORT_FAILURE =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b|socket hang up|is not valid JSON|Unexpected (token|end of JSON)/;
// The `message` of a JSON error reply for HTTP 429 or 5xx: Twilio's error envelopes 20429 "Too
// Many Requests", 20500 "Internal Server Error", 20503 "Service Unavailable" (Twilio's error
// dictionary), and the HTTP reason phrases a gateway in front of IAM may put there instead.
// Case-insensitive and anywhere in the message, so a rewording like "rate limit exceeded" or
// "Service unavailable, try later" still counts.
const IAM_UNAVAILABLE =
  /too many requests|rate[- ]?limit|internal server error|service unavailable|bad gateway|gateway time-?out/i;
// Of those, IAM's 429 ("Too Many Requests", 20429): IAM asks to be left alone for a while.
const IAM_BUSY = /too many requests|rate[- ]?limit/i;
// IAM refusing the service's own credentials: Twilio's 20003 envelope says exactly "Authenticate"
// (a whole-message match: a token refusal that merely mentions authentication stays a refusal).
// And the package's own checks for credentials it was not given, which config.private.js already
// rules out.
const CREDENTIALS_REFUSED =
  /^\s*authenticate\s*$|^Unauthorized: (AccountSid was|AuthToken or Api Credentials were) not provided/i;
// The package hides IAM's headers, Retry-After among them, so the wait after IAM's 429 is ours.
const IAM_BUSY_RETRY_AFTER_SECONDS = 30;
const DEFAULT_TIMEOUT_MS = 5000;
const MAX_REASON_LENGTH = 200;

/**
 * @typedef {(token: string, accountSid: string, authToken?: string, realm?: string,
 *   apiCredentials?: { Sid: string, Secret: string }) => Promise<object>} Validator
 *   the shape of twilio-flex-token-validator's `validator`
 */

/**
 * @typedef {{ kind: "valid", email: string, workerSid: string, expiresAtMs: number | null }
 *   | { kind: "refused", reason: string }
 *   | { kind: "unavailable", cause: "credentials" | "busy" | "failing", reason: string,
 *       retryAfterSeconds?: number }} FlexCheck
 *   `reason` is for the server log only, never for the client. `cause`: IAM refused the service's
 *   own credentials, IAM is rate limiting (with the wait to ask the client for), or IAM is failing,
 *   unreachable or slow.
 */

/**
 * @typedef {object} FlexCheckOptions
 * @property {Validator} validator
 * @property {{ accountSid: string, authToken: string | undefined, apiKey: string, apiSecret: string,
 *   realm: string | undefined }} credentials
 * @property {number} [timeoutMs]
 */

/**
 * @param {FlexCheckOptions} options
 * @returns {(flexToken: string) => Promise<FlexCheck>}
 */
function createFlexCheck({ validator, credentials, timeoutMs = DEFAULT_TIMEOUT_MS }) {
  const { accountSid, authToken, apiKey, apiSecret, realm } = credentials;
  // Like the package's functionValidator: the account's auth token when the Service has it,
  // otherwise the API key (IAM accepts either as Basic auth).
  const apiCredentials = authToken ? undefined : { Sid: apiKey, Secret: apiSecret };

  return async (flexToken) => {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    try {
      const answer = await Promise.race([
        validator(flexToken, accountSid, authToken, realm, apiCredentials),
        timeout,
      ]);
      if (answer === TIMED_OUT)
        return { kind: "unavailable", cause: "failing", reason: `Flex token validation timed out` };
      return readAnswer(answer);
    } catch (rejection) {
      return readRejection(redact(describe(rejection), flexToken));
    } finally {
      clearTimeout(timer);
    }
  };
}

const TIMED_OUT = Symbol("timed out");

/**
 * IAM's answer for a valid token: `{valid: true, realm_user_id: "<email>", worker_sid: "WK…",
 * expiration: "<ISO>", identity, roles, …}`. `identity` is Flex's encoded form of the user name
 * (e.g. `first_2Elast_40chhj_2Ecom`); the email is `realm_user_id`.
 * @param {unknown} answer
 * @returns {FlexCheck}
 */
function readAnswer(answer) {
  const fields = /** @type {Record<string, unknown>} */ (
    typeof answer === "object" && answer !== null ? answer : {}
  );
  // The validator only resolves when `valid` is truthy; check again rather than trust that.
  if (fields.valid !== true) return { kind: "refused", reason: "validator answer is not valid: true" };
  const email = typeof fields.realm_user_id === "string" ? fields.realm_user_id.trim() : "";
  if (email === "") return { kind: "refused", reason: "Flex user has no realm_user_id" };
  const workerSid = typeof fields.worker_sid === "string" ? fields.worker_sid : "";
  if (!WORKER_SID.test(workerSid))
    return { kind: "refused", reason: `Flex user ${email} has no TaskRouter worker` };
  const expiresAtMs = typeof fields.expiration === "string" ? Date.parse(fields.expiration) : Number.NaN;
  return { kind: "valid", email, workerSid, expiresAtMs: Number.isNaN(expiresAtMs) ? null : expiresAtMs };
}

/**
 * @param {string} reason  the validator's rejection, redacted
 * @returns {FlexCheck}
 */
function readRejection(reason) {
  if (CREDENTIALS_REFUSED.test(reason)) {
    return {
      kind: "unavailable",
      cause: "credentials",
      reason: `Twilio IAM refused the token service's own credentials: ${reason}`,
    };
  }
  if (IAM_BUSY.test(reason)) {
    return {
      kind: "unavailable",
      cause: "busy",
      reason: `Flex token validation failed: ${reason}`,
      retryAfterSeconds: IAM_BUSY_RETRY_AFTER_SECONDS,
    };
  }
  if (TRANSPORT_FAILURE.test(reason) || IAM_UNAVAILABLE.test(reason)) {
    return { kind: "unavailable", cause: "failing", reason: `Flex token validation failed: ${reason}` };
  }
  return { kind: "refused", reason: `Flex token refused: ${reason}` };
}

/** @param {unknown} rejection */
function describe(rejection) {
  if (rejection instanceof Error) return rejection.message;
  if (typeof rejection === "string") return rejection;
  return "no reason given";
}

/**
 * Keeps the token out of the log even if a message were to echo it, and keeps a hostile or
 * enormous message from flooding it.
 * @param {string} reason
 * @param {string} flexToken
 */
function redact(reason, flexToken) {
  const clean = flexToken === "" ? reason : reason.split(flexToken).join("[flex token]");
  return clean.replace(/\s+/g, " ").slice(0, MAX_REASON_LENGTH);
}

module.exports = { createFlexCheck, IAM_BUSY_RETRY_AFTER_SECONDS };
