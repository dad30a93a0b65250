/**
 * The effective configuration: managed policy over the options page over the defaults
 * (CONTRACT §1), re-read whenever either changes.
 */
import type { Storage } from "webextension-polyfill";
import { type ConfigRules, type ResolvedConfig, resolveConfig } from "../domain/config.ts";

/** Key under which the options page keeps its values in storage.local. */
export const OPTIONS_KEY = "options";

/**
 * This build's rules, for the service worker and the options page alike: the one place that reads
 * the build flag. Without it (unit tests, a build that forgot the define) the production rules apply.
 */
export const CONFIG_RULES: ConfigRules = {
  allowLoopbackHttp: typeof __HB_SANDBOX__ === "boolean" && __HB_SANDBOX__,
};

/** The two raw layers, as stored: the options page validates an edit against the same policy. */
export async function loadConfigInputs(
  storage: Storage.Static,
): Promise<{ managed: Record<string, unknown>; options: unknown }> {
  const [managed, local] = await Promise.all([
    // No policy at all (or a platform without managed storage) is the normal case, not an error.
    storage.managed.get().catch(() => ({})),
    storage.local.get(OPTIONS_KEY),
  ]);
  return { managed, options: local[OPTIONS_KEY] ?? {} };
}

export async function loadConfig(storage: Storage.Static): Promise<ResolvedConfig> {
  const { managed, options } = await loadConfigInputs(storage);
  return resolveConfig(managed, options, CONFIG_RULES);
}

/** Calls `listener` after every policy or options change; returns the unsubscribe (for pages). */
export function onConfigChanged(storage: Storage.Static, listener: () => void): () => void {
  const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
    if (area === "managed" || (area === "local" && OPTIONS_KEY in changes)) listener();
  };
  storage.onChanged.addListener(onChanged);
  return () => storage.onChanged.removeListener(onChanged);
}
