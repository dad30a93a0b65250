/**
 * Flex tokens recently answered 401, so that the same token sent again is answered 401 at once,
 * without asking Twilio IAM again: a client repeating a junk token then costs no call to IAM.
 *
 * Only a SHA-256 of each token is kept, never the token; entries expire after `ttlMs` and at most
 * `maxEntries` are kept (the oldest go first). Like the rate limiter, this lives in one Function
 * instance's memory and starts empty in each.
 */
const { createHash } = require("node:crypto");

/** @param {string} flexToken */
function digest(flexToken) {
  return createHash("sha256").update(flexToken, "utf8").digest("base64url");
}

/**
 * @typedef {object} RefusedTokensOptions
 * @property {number} ttlMs
 * @property {number} maxEntries
 * @property {() => number} now  epoch ms
 */

/**
 * @typedef {object} RefusedTokens
 * @property {(flexToken: string) => boolean} has  refused less than `ttlMs` ago
 * @property {(flexToken: string) => void} add
 * @property {number} size
 */

/**
 * @param {RefusedTokensOptions} options
 * @returns {RefusedTokens}
 */
function createRefusedTokens({ ttlMs, maxEntries, now }) {
  /** @type {Map<string, number>} digest → expiry (epoch ms), in order of insertion */
  const entries = new Map();

  // Every entry lives equally long, so insertion order is expiry order: the expired ones are
  // always at the front.
  const dropExpired = (/** @type {number} */ nowMs) => {
    for (const [key, expiresAtMs] of entries) {
      if (expiresAtMs > nowMs) break;
      entries.delete(key);
    }
  };

  return {
    has(flexToken) {
      const nowMs = now();
      dropExpired(nowMs);
      // Checked on its own too: after the clock steps back, an expired entry may sit behind a
      // live one.
      const expiresAtMs = entries.get(digest(flexToken));
      return expiresAtMs !== undefined && expiresAtMs > nowMs;
    },
    add(flexToken) {
      const nowMs = now();
      dropExpired(nowMs);
      const key = digest(flexToken);
      entries.delete(key);
      while (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      entries.set(key, nowMs + ttlMs);
    },
    get size() {
      return entries.size;
    },
  };
}

module.exports = { createRefusedTokens };
