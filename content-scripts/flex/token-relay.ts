/**
 * Isolated-world script on Flex: receives the Flex token from the MAIN-world reader, checks the
 * message's origin and shape, and passes it to the service worker. It keeps no copy.
 */
import browser from "webextension-polyfill";
import { PAGE_TOKEN_SOURCE, PageTokenMessage, parse, type Request } from "../../src/protocol/messages.ts";

window.addEventListener("message", (event: MessageEvent) => {
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
  browser.runtime.sendMessage(request).catch((error: unknown) => {
    console.warn("HunkBridge: the service worker did not take the Flex token", error);
  });
});
