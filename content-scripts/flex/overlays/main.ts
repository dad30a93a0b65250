/**
 * Isolated-world script on Flex (registered for the configured Flex origins at document_start, and
 * injected into Flex tabs that were open before the extension was ready): the accept and dial
 * countdowns, the transfer guard, the Offline banner, manual-dial numbers and the caller ID, and the
 * isolated end of HunkBridge's listeners on Flex's Actions (notices, the customer-service transfer).
 * It connects to the service worker's view and starts the one overlay controller.
 */
import { connectView, request } from "../../../src/protocol/client.ts";
import { claimPage } from "../../shared/single-instance.ts";
import { takePageKey } from "../page-key.ts";
import { connectActionsLink } from "./actions-link.ts";
import { type OverlayController, type SetAvailableResult, startOverlays } from "./controller.ts";
import { OVERLAY_ATTR } from "./dom.ts";

function start(): { stop(): void } {
  const started = performance.now();
  // Chrome's own runtime: in MV3 it returns promises, and content scripts are kept small
  // (webextension-polyfill adds ~10 kB to each).
  const { runtime } = chrome;
  let callerId: string | null = null;
  // First, at document_start: the key the page half offers before any page script exists, left
  // with the service worker for the isolated half an update brings; or, injected late, that key.
  const pageKey = takePageKey(document, {
    remember: (key) => {
      request(runtime, { type: "flex-page-key", key }).catch((error: unknown) =>
        console.warn("HunkBridge: could not keep the transfer guard's key for an update", error),
      );
    },
    recall: async () => (await request(runtime, { type: "flex-page-key", key: null })).key,
  });
  // Its events arrive by postMessage, so never before `overlays` below exists.
  const actions = connectActionsLink(
    window,
    () => callerId,
    (event) => {
      if (event.kind === "guard-health") {
        // The popup says so too: the service worker keeps each Flex tab's answer.
        request(runtime, { type: "flex-guard", health: event.health }).catch((error: unknown) =>
          console.warn("HunkBridge: could not tell the extension about the transfer guard", error),
        );
      }
      if (event.kind !== "signed-out") return overlays.actionEvent(event);
      request(runtime, { type: "flex-signed-out" })
        .catch((error: unknown) =>
          console.warn("HunkBridge: could not tell the extension you signed out of Flex", error),
        )
        // Handled or not, Flex's logout goes on now rather than wait out the page's time limit.
        .finally(event.noted);
    },
    undefined,
    pageKey,
  );

  const overlays: OverlayController = startOverlays(document, {
    now: () => Date.now(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    setAvailable: () => setAvailable(runtime),
    fix: (kind) => {
      if (kind === "open-flex") return window.location.reload();
      const type = kind === "retry" ? "retry-connection" : "open-options";
      request(runtime, { type }).catch((error: unknown) => console.warn(`HunkBridge: ${type} failed`, error));
    },
    actions,
  });

  const view = connectView({
    runtime,
    onView: (next) => {
      callerId = next.calling.callerId;
      overlays.setView(next);
    },
    onLost: () => {
      callerId = null;
      overlays.setView(null);
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    log: (line) => console.warn(`HunkBridge: ${line}`),
  });

  // One entry in the page's performance timeline (shared with the page), read by bench/flex-overlay.ts.
  performance.measure("hunkbridge:flex-overlays:start", { start: started, end: performance.now() });

  return {
    stop() {
      view.close();
      actions.dispose();
      overlays.stop();
      for (const node of document.querySelectorAll(`[${OVERLAY_ATTR}]`)) node.remove();
    },
  };
}

/** Sets the agent Available (the Offline banner's button): the new view, or why not. */
async function setAvailable(runtime: typeof chrome.runtime): Promise<SetAvailableResult> {
  try {
    return { ok: true, view: (await request(runtime, { type: "set-available" })).view };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

let running: { stop(): void } | null = null;
if (claimPage(document, "flex-overlays", { stop: () => running?.stop() })) running = start();
