/**
 * The effective configuration: managed policy over the options page over the defaults
 * (CONTRACT §1), re-read whenever either changes. The one place the service worker and the options
 * page read it, so both ignore what the options page may not set in this build.
 */
import type { Storage } from "webextension-polyfill";
import { type ConfigRules, type ResolvedSettings, resolvePolicyAndOptions } from "../domain/config.ts";

/** Key under which the options page keeps its values in storage.local. */
export const OPTIONS_KEY = "options";

const SANDBOX = typeof __HB_SANDBOX__ === "boolean" && __HB_SANDBOX__;

/**
 * This build's rules, for the service worker and the options page alike: the one place that reads
 * the build flag. Without it (unit tests, a build that forgot the define) the production rules apply:
 * https only, and the admin keys from policy or the build's defaults only.
 */
export const CONFIG_RULES: ConfigRules = { allowLoopbackHttp: SANDBOX, agentSetsAdminKeys: SANDBOX };

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

/** The two raw layers resolved with this build's rules: what the service worker runs with and the options page shows. */
export function resolveInputs(managed: unknown, options: unknown): ResolvedSettings {
  return resolvePolicyAndOptions(managed, options, CONFIG_RULES);
}

export async function loadConfig(storage: Storage.Static): Promise<ResolvedSettings> {
  const { managed, options } = await loadConfigInputs(storage);
  return resolveInputs(managed, options);
}

/** Calls `listener` after every policy or options change; returns the unsubscribe (for pages). */
export function onConfigChanged(storage: Storage.Static, listener: () => void): () => void {
  const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
    if (area === "managed" || (area === "local" && OPTIONS_KEY in changes)) listener();
  };
  storage.onChanged.addListener(onChanged);
  return () => storage.onChanged.removeListener(onChanged);
}
