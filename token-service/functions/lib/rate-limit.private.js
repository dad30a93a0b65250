/**
 * A token bucket per client: each client may spend `burst` requests at once, and earns them back
 * at `perSecond`. `takeToken` is the whole rule as a pure function of a bucket and the time;
 * `createRateLimiter` keeps one bucket per key, in this Function instance's memory.
 *
 * State lives in memory because a Twilio Function has nowhere cheaper to keep it (Sync or a
 * database would cost a network call per request, the very cost being limited). So the limit holds
 * per instance: Twilio may run several instances side by side and starts fresh ones at will, and
 * each begins with full buckets.
 */

/**
 * @typedef {object} Bucket
 * @property {number} tokens  what the client may still spend, fractional while refilling
 * @property {number} atMs  when `tokens` was last brought up to date
 */

/**
 * @typedef {object} BucketRule
 * @property {number} burst  the most a bucket holds, and what a new client starts with
 * @property {number} perSecond  refill rate
 */

/**
 * @typedef {{ allowed: true } | { allowed: false, retryAfterSeconds: number }} Take
 *   `retryAfterSeconds`: whole seconds until the bucket holds one token again (at least 1)
 */

/**
 * Spends one token of `bucket` at `nowMs`, if there is one.
 * @param {Bucket | undefined} bucket  undefined for a client not seen yet
 * @param {number} nowMs
 * @param {BucketRule} rule
 * @returns {{ bucket: Bucket, take: Take }}
 */
function takeToken(bucket, nowMs, rule) {
  // A clock that steps back (NTP) earns nothing rather than taking tokens away.
  const elapsedMs = bucket === undefined ? 0 : Math.max(0, nowMs - bucket.atMs);
  const available =
    bucket === undefined
      ? rule.burst
      : Math.min(rule.burst, bucket.tokens + (elapsedMs / 1000) * rule.perSecond);
  if (available >= 1) return { bucket: { tokens: available - 1, atMs: nowMs }, take: { allowed: true } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - available) / rule.perSecond));
  return { bucket: { tokens: available, atMs: nowMs }, take: { allowed: false, retryAfterSeconds } };
}

/**
 * @typedef {object} RateLimiterOptions
 * @property {BucketRule} rule
 * @property {number} maxKeys  buckets kept at most; past it the longest-idle one is dropped
 * @property {() => number} now  epoch ms
 */

/**
 * @param {RateLimiterOptions} options
 * @returns {{ take(key: string): Take, readonly size: number }}
 */
function createRateLimiter({ rule, maxKeys, now }) {
  /** @type {Map<string, Bucket>} in order of last use, oldest first */
  const buckets = new Map();
  return {
    take(key) {
      const previous = buckets.get(key);
      const { bucket, take } = takeToken(previous, now(), rule);
      buckets.delete(key);
      // Dropping a bucket hands its client a full one later: harmless for an idle client, which
      // is the one dropped first.
      if (previous === undefined && buckets.size >= maxKeys) {
        const oldest = buckets.keys().next();
        if (!oldest.done) buckets.delete(oldest.value);
      }
      buckets.set(key, bucket);
      return take;
    },
    get size() {
      return buckets.size;
    },
  };
}

module.exports = { takeToken, createRateLimiter };
