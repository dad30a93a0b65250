/**
 * Which tab is the agent's Flex. A page is Flex when its origin (scheme, host and port) is exactly
 * one of the configured flexOrigins: that is what the Flex content scripts are registered for and
 * what host access is granted for. A Chrome match pattern such as "https://flex.twilio.com/*"
 * would also take the same host on any other port, which is not the agent's Flex.
 */

/** True when `url`'s origin is one of `flexOrigins` (as the configuration normalises them); false for anything unparsable. */
export function isFlexUrl(url: string, flexOrigins: readonly string[]): boolean {
  try {
    return flexOrigins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

/**
 * The Flex tab to bring forward: of the tabs whose URL `isFlex` accepts, the one the agent used
 * last; null when there is none. Two Flex tabs would be two Flex sessions, so an existing one wins
 * over opening another.
 */
export function lastUsedTab<T extends { url?: string; lastAccessed?: number }>(
  tabs: readonly T[],
  isSite: (url: string) => boolean,
): T | null {
  let best: T | null = null;
  for (const tab of tabs) {
    if (!tab.url || !isSite(tab.url)) continue;
    if (!best || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0)) best = tab;
  }
  return best;
}
