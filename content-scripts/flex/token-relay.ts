/**
 * Isolated-world script on Flex: receives the Flex token from the MAIN-world reader, checks the
 * message's origin and shape, and passes it to the service worker. It keeps no copy.
 */
import browser from "webextension-polyfill";
import {
  PAGE_TOKEN_SOURCE,
  PageTokenMessage,
  parse,
  type Request,
  readReply,
} from "../../src/protocol/messages.ts";
import { claimPage } from "../shared/single-instance.ts";

function relay(event: MessageEvent): void {
  if (event.source !== window || event.origin !== window.location.origin) return;
  if ((event.data as { source?: unknown } | null)?.source !== PAGE_TOKEN_SOURCE) return;
  const parsed = parse(PageTokenMessage, event.data);
  if (!parsed.ok) {
    console.warn(`HunkBridge: ignored a malformed token message from the page (${parsed.error})`);
    return;
  }
  const request: Request = {
    type: "flex-token",
    token: parsed.value.token,
    expiresAtMs: parsed.value.expiresAtMs,
  };
  // A token the worker won't take must never be dropped silently: say so in Flex's console too
  // (the worker shows the reason in the popup). A reply that is missing or malformed says no such
  // thing as "taken", so it is reported the same way.
  browser.runtime.sendMessage(request).then(
    (raw: unknown) => {
      const reply = readReply(raw);
      if (!reply.ok) {
        console.warn(`HunkBridge: the service worker did not take the Flex token: ${reply.error}`);
      }
    },
    (error: unknown) => console.warn("HunkBridge: the service worker did not take the Flex token", error),
  );
}

if (claimPage(document, "flex-token-relay", { stop: () => window.removeEventListener("message", relay) })) {
  window.addEventListener("message", relay);
}
