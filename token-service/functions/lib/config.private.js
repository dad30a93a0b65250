/**
 * Reads the token service's settings from the function's environment (Twilio passes it as the
 * handler's `context`). Nothing here is ever logged with its value: a problem names the variable
 * only, because some of them are secrets.
 */

/** The production HunkBridge extension, allowed when ALLOWED_EXTENSION_IDS is not set. */
const PRODUCTION_EXTENSION_ID = "ofknpifobakjhobajpenccalbkbdjghh";
const DEFAULT_EMAIL_DOMAIN = "chhj.com";
const DEFAULT_TTL_SECONDS = 3600;
// Below a minute the extension would spend its time refreshing; 24 h is the longest lifetime
// Twilio accepts for an AccessToken.
const MIN_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 24 * 3600;
// An HMAC key shorter than its 32-byte output would be the weak link of the callback key.
const MIN_CALLBACK_KEY_SECRET_LENGTH = 32;

/**
 * @typedef {object} Config
 * @property {string} accountSid
 * @property {string | undefined} authToken  present when the Service includes the account credentials
 * @property {string} apiKey  SK… sid of the API key that signs worker tokens
 * @property {string} apiSecret
 * @property {string} workspaceSid
 * @property {string | undefined} realm  Twilio region of the account's IAM (from TWILIO_REGION)
 * @property {string[]} allowedOrigins  `chrome-extension://<id>` for each allowed extension
 * @property {string[]} allowedEmailDomains  lower case
 * @property {number} ttlSeconds  lifetime of a worker token, before the Flex token's own expiry caps it
 * @property {string | undefined} callbackKeySecret  derives each agent's callbackKey; none, no key
 */

/** @typedef {{ ok: true, config: Config } | { ok: false, problems: string[] }} ConfigResult */

/**
 * @param {Record<string, unknown>} env
 * @returns {ConfigResult}
 */
function readConfig(env) {
  /** @type {string[]} */
  const problems = [];
  const text = (/** @type {string} */ name) => {
    const value = env[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const sid = (/** @type {string} */ name, /** @type {string} */ prefix) => {
    const value = text(name);
    if (value === undefined) problems.push(`${name} is not set`);
    else if (!new RegExp(`^${prefix}[0-9a-f]{32}$`).test(value))
      problems.push(`${name} is not a sid (${prefix} and 32 hex digits)`);
    return value ?? "";
  };

  const accountSid = sid("ACCOUNT_SID", "AC");
  const apiKey = sid("TWILIO_API_KEY", "SK");
  const workspaceSid = sid("TWILIO_WORKSPACE_SID", "WS");
  const apiSecret = text("TWILIO_API_SECRET");
  if (apiSecret === undefined) problems.push("TWILIO_API_SECRET is not set");

  const extensionIds = list(text("ALLOWED_EXTENSION_IDS") ?? PRODUCTION_EXTENSION_ID);
  // Chrome extension ids are 32 letters a–p; anything else would never match an Origin.
  for (const id of extensionIds) {
    if (!/^[a-p]{32}$/.test(id))
      problems.push(`ALLOWED_EXTENSION_IDS has an entry that is not an extension id`);
  }
  if (extensionIds.length === 0) problems.push("ALLOWED_EXTENSION_IDS is empty");

  const emailDomains = list(text("ALLOWED_EMAIL_DOMAIN") ?? DEFAULT_EMAIL_DOMAIN).map((d) =>
    d.replace(/^@/, "").toLowerCase(),
  );
  for (const domain of emailDomains) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) problems.push("ALLOWED_EMAIL_DOMAIN is not a domain");
  }
  if (emailDomains.length === 0) problems.push("ALLOWED_EMAIL_DOMAIN is empty");

  const ttlText = text("TOKEN_TTL_SECONDS");
  let ttlSeconds = DEFAULT_TTL_SECONDS;
  if (ttlText !== undefined) {
    if (!/^\d+$/.test(ttlText)) problems.push("TOKEN_TTL_SECONDS is not a whole number of seconds");
    else ttlSeconds = Math.min(MAX_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, Number(ttlText)));
  }

  const callbackKeySecret = text("CALLBACK_KEY_SECRET");
  if (callbackKeySecret !== undefined && callbackKeySecret.length < MIN_CALLBACK_KEY_SECRET_LENGTH)
    problems.push(`CALLBACK_KEY_SECRET is shorter than ${MIN_CALLBACK_KEY_SECRET_LENGTH} characters`);

  if (problems.length > 0) return { ok: false, problems };
  const region = text("TWILIO_REGION");
  return {
    ok: true,
    config: {
      accountSid,
      authToken: text("AUTH_TOKEN"),
      apiKey,
      apiSecret: apiSecret ?? "",
      workspaceSid,
      // Same realm derivation as the validator package's own functionValidator ("au1-…" → "au1").
      realm: region?.split("-")[0] || undefined,
      allowedOrigins: extensionIds.map((id) => `chrome-extension://${id}`),
      allowedEmailDomains: emailDomains,
      ttlSeconds,
      callbackKeySecret,
    },
  };
}

/** @param {string} value comma-separated */
function list(value) {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

module.exports = {
  readConfig,
  DEFAULT_TTL_SECONDS,
  MIN_TTL_SECONDS,
  MAX_TTL_SECONDS,
  MIN_CALLBACK_KEY_SECRET_LENGTH,
  PRODUCTION_EXTENSION_ID,
};
