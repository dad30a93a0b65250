/**
 * Content scripts are registered at run time, not in the manifest, because the origins they run
 * on (flexOrigins, hunkwareUrl) come from managed policy. Each is built as a self-contained IIFE:
 * no loader round trip before it runs, which matters for screen-pop latency.
 *
 * Registered scripts reach only pages that load after the registration, and agents keep Flex
 * pinned: Chrome restores it at start before this worker runs, and admins install and update the
 * extension while Flex is open. So the registration persists across browser sessions (a restored
 * tab gets the scripts as it loads), and the same scripts are injected into every matching tab
 * that is already open whenever that can have happened: install, update, browser start, and a
 * registration that changed (content-script-sync.ts). Each script claims its page
 * (content-scripts/shared/single-instance.ts), so a copy that arrives where one already runs steps
 * back.
 */
import type { Scripting } from "webextension-polyfill";
import flexActions from "../../content-scripts/flex/actions/main.ts?script&iife";
import flexOverlays from "../../content-scripts/flex/overlays/main.ts?script&iife";
import flexTokenReader from "../../content-scripts/flex/token-reader.ts?script&iife";
import flexTokenRelay from "../../content-scripts/flex/token-relay.ts?script&iife";
import hunkwareCard from "../../content-scripts/hunkware/main.ts?script&iife";
import { type HunkBridgeConfig, originMatchPattern } from "../domain/config.ts";

/**
 * In injection order: the relay listens before the reader posts the token; the overlays' end of the
 * Actions link listens before the MAIN-world listeners say they are there (either order works:
 * the overlays also ask).
 */
export function contentScriptsFor(config: HunkBridgeConfig): Scripting.RegisteredContentScript[] {
  const flex = config.flexOrigins.map(originMatchPattern);
  const hunkware = [originMatchPattern(config.hunkwareUrl)];
  const script = (id: string, js: string, matches: string[], runAt: "document_start" | "document_idle") => ({
    id,
    js: [js],
    matches,
    runAt,
    allFrames: false,
    persistAcrossSessions: true,
  });
  return [
    // At document_start: the port to the service worker opens while the page is still loading, and
    // the card is drawn as soon as there is a body (measured against document_end: ~10–20 ms sooner).
    script("hunkware-card", hunkwareCard, hunkware, "document_start"),
    script("flex-token-relay", flexTokenRelay, flex, "document_start"),
    script("flex-overlays", flexOverlays, flex, "document_start"),
    // In the page's world from the start, so its listeners are on Flex's Actions as soon as Flex
    // creates them, before the agent can transfer or dial.
    { ...script("flex-actions", flexActions, flex, "document_start"), world: "MAIN" as const },
    { ...script("flex-token-reader", flexTokenReader, flex, "document_idle"), world: "MAIN" as const },
  ];
}
