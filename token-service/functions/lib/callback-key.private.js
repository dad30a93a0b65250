/**
 * The agent's callback-memory key: a secret per agent that the extension gets with each worker
 * token and keeps only in memory, so that what it stores under that key is unreadable from a copy
 * of the browser profile. Derived, not stored: the same agent always gets the same key from the
 * same CALLBACK_KEY_SECRET, and no agent can work out another's.
 */
const { createHmac } = require("node:crypto");

/** Keeps this key apart from anything else ever derived from the same secret. */
const CALLBACK_KEY_LABEL = "hunkbridge-callback-memory:";

/**
 * base64url(HMAC-SHA256(secret, "hunkbridge-callback-memory:" + identity)): 43 characters.
 * @param {string} secret  CALLBACK_KEY_SECRET
 * @param {string} identity  the identity of the 200 answer (the agent's email, as Flex gives it)
 */
function deriveCallbackKey(secret, identity) {
  return createHmac("sha256", secret).update(`${CALLBACK_KEY_LABEL}${identity}`, "utf8").digest("base64url");
}

module.exports = { deriveCallbackKey, CALLBACK_KEY_LABEL };
