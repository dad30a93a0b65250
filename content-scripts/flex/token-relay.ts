/**
 * Isolated-world script on Flex: receives the Flex token from the MAIN-world reader, checks the
 * message's origin and shape, and passes it to the service worker. It keeps no copy.
 */
import { request } from "../../src/protocol/client.ts";
import { PAGE_TOKEN_SOURCE, PageTokenMessage, parse } from "../../src/protocol/messages.ts";
import { claimPage } from "../shared/single-instance.ts";

function relay(event: MessageEvent): void {
  if (event.source !== window || event.origin !== window.location.origin) return;
  if ((event.data as { source?: unknown } | null)?.source !== PAGE_TOKEN_SOURCE) return;
  const parsed = parse(PageTokenMessage, event.data);
  if (!parsed.ok) {
    console.warn(`HunkBridge: ignored a malformed token message from the page (${parsed.error})`);
    return;
  }
  // A token the worker won't take must never be dropped silently: say so in Flex's console too
  // (the worker shows the reason in the popup). A reply that is missing or malformed says no such
  // thing as "taken", so it is reported the same way. (Chrome's own runtime: it returns promises
  // in MV3, and webextension-polyfill would add ~10 kB to this script.)
  request(chrome.runtime, {
    type: "flex-token",
    token: parsed.value.token,
    expiresAtMs: parsed.value.expiresAtMs,
  }).catch((error: unknown) =>
    console.warn(
      `HunkBridge: the service worker did not take the Flex token: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}

if (claimPage(document, "flex-token-relay", { stop: () => window.removeEventListener("message", relay) })) {
  window.addEventListener("message", relay);
}
