/**
 * Hunkware content script: the features of registry.ts (the client card with the dial countdown,
 * the fieldMap fill, the offer window's prefetch, unsaved edits reported so none are lost), each
 * started once per page and given every agent view. Registered at document_start, and injected
 * into Hunkware tabs that were open before the extension was ready.
 */
import { connectView } from "../../src/protocol/client.ts";
import { claimPage } from "../shared/single-instance.ts";
import type { HunkwareContext } from "./page-feature.ts";
import { HUNKWARE_FEATURES } from "./registry.ts";

function start(): { stop(): void } {
  const ctx: HunkwareContext = { doc: document, location, runtime: chrome.runtime, now: () => Date.now() };
  const parts = HUNKWARE_FEATURES.map((feature) => feature.start(ctx));
  // Connect at document_start: the view arrives while the page is still loading, and the card
  // is drawn the moment there is a body to put it in.
  const view = connectView({
    runtime: ctx.runtime,
    onView: (next) => {
      for (const part of parts) part.onView?.(next);
    },
    onFill: (push) => {
      for (const part of parts) part.onFill?.(push);
    },
    // Lost contact keeps the page as it was: the client is the same.
    onLost: () => {},
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  return {
    stop() {
      view.close();
      for (const part of parts) part.stop?.();
    },
  };
}

let running: { stop(): void } | null = null;
if (claimPage(document, "hunkware-card", { stop: () => running?.stop() })) running = start();
