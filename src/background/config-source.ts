/**
 * The effective configuration: managed policy over the options page over the defaults
 * (CONTRACT §1), re-read whenever either changes.
 */
import type { Storage } from "webextension-polyfill";
import { type ResolvedConfig, resolveConfig } from "../domain/config.ts";

/** Key under which the options page keeps its values in storage.local. */
export const OPTIONS_KEY = "options";

export async function loadConfig(storage: Storage.Static): Promise<ResolvedConfig> {
  const [managed, local] = await Promise.all([
    // No policy at all (or a platform without managed storage) is the normal case, not an error.
    storage.managed.get().catch(() => ({})),
    storage.local.get(OPTIONS_KEY),
  ]);
  return resolveConfig(managed, local[OPTIONS_KEY] ?? {});
}

export function onConfigChanged(storage: Storage.Static, listener: () => void): void {
  storage.onChanged.addListener((changes, area) => {
    if (area === "managed" || (area === "local" && OPTIONS_KEY in changes)) listener();
  });
}
