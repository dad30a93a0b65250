/**
 * Host access for the configured origins. The production build holds only flex.twilio.com and
 * hunkware.chhj.com; any other https origin is an optional permission the agent must grant with a
 * click (Chrome requires a user gesture), so a custom origin in the settings is useless until then.
 */
import browser from "webextension-polyfill";
import { type ConfigKey, originMatchPattern, type ResolvedConfig } from "../src/domain/config.ts";

/** Origins the configuration needs access to, each with the keys that name it. */
export function neededOrigins(
  resolved: ResolvedConfig,
  only?: (key: ConfigKey) => boolean,
): Map<string, ConfigKey[]> {
  const needed = new Map<string, ConfigKey[]>();
  const add = (key: ConfigKey, url: string | null) => {
    if (url === null || (only && !only(key))) return;
    try {
      const origin = new URL(url).origin;
      needed.set(origin, [...(needed.get(origin) ?? []), key]);
    } catch {
      // Validated already; an unparsable value simply needs no access.
    }
  };
  for (const origin of resolved.config.flexOrigins) add("flexOrigins", origin);
  add("hunkwareUrl", resolved.config.hunkwareUrl);
  add("tokenUrl", resolved.config.tokenUrl);
  return needed;
}

export async function hasAccess(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originMatchPattern(origin)] }).catch(() => false);
}

export async function missingAccess(origins: Iterable<string>): Promise<string[]> {
  const list = [...origins];
  const granted = await Promise.all(list.map(hasAccess));
  return list.filter((_, i) => !granted[i]);
}

/**
 * Asks Chrome for access; must run within a click (transient user activation lasts a few seconds,
 * so a short await before it is fine). Resolves with a message for the agent when not granted.
 */
export async function requestAccess(origins: string[]): Promise<string | null> {
  if (origins.length === 0) return null;
  try {
    const granted = await browser.permissions.request({ origins: origins.map(originMatchPattern) });
    return granted ? null : `Access to ${origins.join(", ")} was not granted.`;
  } catch (error) {
    // e.g. an http:// origin in the production build: only https://*/* is optional there.
    return `HunkBridge can't get access to ${origins.join(", ")}: ${(error as Error).message}`;
  }
}
