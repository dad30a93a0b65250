/**
 * The configuration last in use, kept in storage.local so that a browser start does not wait for
 * Chrome's policy: `storage.managed.get()` answers only once Chrome has loaded the machine's policy,
 * seconds after the service worker starts (measured ~3.7 s, bench/startup.ts), while the agent's
 * restored Flex tab already has its token. The worker starts with this snapshot and applies the
 * real configuration the moment it arrives; a policy changed while the browser was closed is in
 * force a few seconds later, as it would be on any policy change.
 *
 * Only configuration is kept (no client data). A snapshot is read with the same checks as any
 * configuration: one that fails them, or is missing a key, is not used.
 */
import type { Storage } from "webextension-polyfill";
import { CONFIG_KEYS, type ConfigRules, type HunkBridgeConfig, resolveConfig } from "../domain/config.ts";

export const SNAPSHOT_KEY = "configSnapshot";

export async function loadConfigSnapshot(
  area: Pick<Storage.StorageArea, "get">,
  rules: ConfigRules,
): Promise<HunkBridgeConfig | null> {
  const stored: unknown = (await area.get(SNAPSHOT_KEY).catch(() => ({}) as Record<string, unknown>))[
    SNAPSHOT_KEY
  ];
  if (typeof stored !== "object" || stored === null) return null;
  // Every key present (null for "not set", as the configuration has it), and every value valid.
  if (!CONFIG_KEYS.every((key) => key in stored)) return null;
  const resolved = resolveConfig(undefined, stored, rules);
  return resolved.problems.length === 0 ? resolved.config : null;
}

export function saveConfigSnapshot(
  area: Pick<Storage.StorageArea, "set">,
  config: HunkBridgeConfig,
): Promise<void> {
  return area.set({ [SNAPSHOT_KEY]: config });
}
