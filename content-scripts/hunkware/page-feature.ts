/**
 * What a Hunkware feature is to the Hunkware content script (main.ts), which walks the list in
 * registry.ts. A feature lives in its folder under src/features/ (its `hunkware.ts`).
 */
import type { AgentView, FillPush } from "../../src/protocol/messages.ts";

export interface HunkwareContext {
  doc: Document;
  location: Location;
  /** Chrome's own runtime: in MV3 it returns promises (no webextension-polyfill in pages). */
  runtime: typeof chrome.runtime;
  now(): number;
}

export interface HunkwarePart {
  /** The agent view, on every push; lost contact pushes nothing (the client is the same). */
  onView?(view: AgentView): void;
  /** The fill the service worker pushes once as the page's port opens (none but on the popped page). */
  onFill?(push: FillPush): void;
  /** The extension was unloaded or updated: listeners and nodes go. */
  stop?(): void;
}

export interface HunkwareFeature {
  name: string;
  start(ctx: HunkwareContext): HunkwarePart;
}

/**
 * Runs as soon as the parser has created <body>, well before DOMContentLoaded on a long page:
 * the card should not wait for the rest of Hunkware to load.
 */
export function whenBodyExists(doc: Document, fn: () => void): void {
  if (doc.body) {
    fn();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!doc.body) return;
    observer.disconnect();
    fn();
  });
  observer.observe(doc.documentElement, { childList: true });
}

/** The form fields exist once the document is parsed. */
export function whenParsed(doc: Document, fn: () => void): void {
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn, { once: true });
  else fn();
}
