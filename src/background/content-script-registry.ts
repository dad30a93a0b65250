/**
 * Content scripts are registered at run time, not in the manifest, because the origins they run
 * on (flexOrigins, hunkwareUrl) come from managed policy. Each is built as a self-contained IIFE:
 * no loader round trip before it runs, which matters for screen-pop latency.
 */
import type { Scripting } from "webextension-polyfill";
import flexOverlays from "../../content-scripts/flex/overlays/main.ts?script&iife";
import flexTokenReader from "../../content-scripts/flex/token-reader.ts?script&iife";
import flexTokenRelay from "../../content-scripts/flex/token-relay.ts?script&iife";
import hunkwareCard from "../../content-scripts/hunkware/main.ts?script&iife";
import { type HunkBridgeConfig, originMatchPattern } from "../domain/config.ts";

type ScriptingApi = Pick<
  Scripting.Static,
  "getRegisteredContentScripts" | "unregisterContentScripts" | "registerContentScripts"
>;

function contentScriptsFor(config: HunkBridgeConfig): Scripting.RegisteredContentScript[] {
  const flex = config.flexOrigins.map(originMatchPattern);
  const hunkware = [originMatchPattern(config.hunkwareUrl)];
  return [
    {
      // At document_start: the port to the service worker opens while the page is still
      // loading, and the card is drawn as soon as there is a body (measured against
      // document_end: the card shows ~10–20 ms sooner).
      id: "hunkware-card",
      js: [hunkwareCard],
      matches: hunkware,
      runAt: "document_start",
      allFrames: false,
      persistAcrossSessions: false,
    },
    {
      id: "flex-token-reader",
      js: [flexTokenReader],
      matches: flex,
      world: "MAIN",
      runAt: "document_idle",
      allFrames: false,
      persistAcrossSessions: false,
    },
    {
      id: "flex-token-relay",
      js: [flexTokenRelay],
      matches: flex,
      runAt: "document_start",
      allFrames: false,
      persistAcrossSessions: false,
    },
    {
      id: "flex-overlays",
      js: [flexOverlays],
      matches: flex,
      runAt: "document_start",
      allFrames: false,
      persistAcrossSessions: false,
    },
  ];
}

/** Replaces whatever is registered with the scripts the configuration calls for. */
export async function registerContentScripts(
  scripting: ScriptingApi,
  config: HunkBridgeConfig,
): Promise<void> {
  const existing = await scripting.getRegisteredContentScripts();
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  await scripting.registerContentScripts(contentScriptsFor(config));
}
