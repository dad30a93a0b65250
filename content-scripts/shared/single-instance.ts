/**
 * One running copy of a content script per page. The service worker injects its scripts into tabs
 * that were open before it was ready (install, update, browser start, a new configuration), where
 * Chrome's registered copy may already run, so a second copy can arrive:
 * - beside a copy of the same extension instance, still alive: the newcomer steps back;
 * - beside a copy an update or reload left behind (orphaned: its extension context is gone, it
 *   can no longer reach the service worker): the old copy stops and undoes its work, and the
 *   newcomer takes over.
 * Copies may live in different JS worlds, so they meet through a DOM event on the document, the
 * one thing every world shares, and the event's cancel flag carries the answer synchronously.
 */

/** Whether this copy's extension context still exists (chrome.runtime.id is gone once orphaned). */
export function extensionAlive(): boolean {
  try {
    return typeof chrome !== "undefined" && chrome.runtime?.id !== undefined;
  } catch {
    return false;
  }
}

export interface ClaimOptions {
  /** Defaults to extensionAlive(). */
  isAlive?: () => boolean;
  /** Stops this copy and removes what it added: a newcomer is taking the page over. */
  stop(): void;
}

/**
 * Claims the page for this copy of the script `name`. Returns false when a live copy already runs
 * (do nothing then); otherwise this copy owns the page until a newcomer finds it orphaned.
 */
export function claimPage(doc: Document, name: string, opts: ClaimOptions): boolean {
  const type = `hunkbridge:claim:${name}`;
  const isAlive = opts.isAlive ?? extensionAlive;
  const liveCopyAnswered = !doc.dispatchEvent(new Event(type, { cancelable: true }));
  if (liveCopyAnswered) return false;
  const answer = (event: Event) => {
    if (isAlive()) {
      event.preventDefault();
      return;
    }
    doc.removeEventListener(type, answer);
    opts.stop();
  };
  doc.addEventListener(type, answer);
  // In the page's performance timeline (shared by every world): QA can count the copies started.
  performance.mark(`hunkbridge:claimed:${name}`);
  return true;
}
