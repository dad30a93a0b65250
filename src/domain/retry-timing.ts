/**
 * Retry delays for the token service: exponential with jitter over the upper half, so that a
 * floor of agents whose token service went down together don't all come back at the same second.
 * The cap (2 min) bounds both the load on a service that stays down (about 40 requests an hour per
 * agent, retry-policy.test.ts) and how long an agent waits once it is back.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const capMs = 120_000;
  const ceiling = Math.min(capMs, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * When to refresh a worker token: a minute before it expires, or at 80 % of a short lifetime,
 * whichever is earlier, but never in the past.
 */
export function refreshAtMs(issuedAtMs: number, expiresAtMs: number): number {
  const lifetime = Math.max(0, expiresAtMs - issuedAtMs);
  const margin = Math.min(60_000, lifetime * 0.2);
  return Math.max(issuedAtMs, expiresAtMs - margin);
}
