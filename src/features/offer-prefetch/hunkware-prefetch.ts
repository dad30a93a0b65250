/**
 * The Hunkware tab's side of the offer window's prefetch (worker-prefetch.ts): a
 * speculation rule that asks Chrome to prefetch the lead's page (one GET, kept aside, nothing
 * rendered or run), and on accept the navigation to it, started from this page because Chrome
 * uses the prefetch only for a navigation of the document that holds the rule (docs/prefetch.md).
 * The page itself is not touched: the rule is an inert <script> element the agent never sees.
 */

/** The page's side: where it is, and how it navigates itself. */
export type PageLocation = Pick<Location, "href" | "origin" | "assign">;

export interface PagePrefetch {
  /** Prefetch `url` (replacing any earlier rule); null drops the rule. False: not prepared. */
  prepare(url: string | null): boolean;
  /** Navigates to `url` if that page was prepared here; false (and nothing done) otherwise. */
  open(url: string): boolean;
  /** The rule goes (this content script is replaced or stopped). */
  stop(): void;
}

const RULE_MARK = "data-hunkbridge-prefetch";

export function pagePrefetch(doc: Document, location: PageLocation): PagePrefetch {
  let rule: HTMLScriptElement | null = null;
  /** The page asked for; its rule is placed once the page is visible. */
  let wanted: string | null = null;

  // Chrome starts no speculation-rules prefetch from a hidden page (a background tab behind Flex;
  // measured on Chromium 156, docs/prefetch.md): the rule goes in while the page is visible (its
  // own window, or once the agent looks at it).
  const place = () => {
    if (wanted === null || rule || doc.visibilityState !== "visible") return;
    rule = doc.createElement("script");
    rule.type = "speculationrules";
    rule.setAttribute(RULE_MARK, "");
    // Text, never markup: the URL is data inside JSON inside a non-executed script element.
    rule.textContent = JSON.stringify({
      prefetch: [{ source: "list", urls: [wanted], eagerness: "immediate" }],
    });
    (doc.head ?? doc.documentElement).append(rule);
  };
  doc.addEventListener("visibilitychange", place);

  const drop = () => {
    rule?.remove();
    rule = null;
    wanted = null;
  };

  return {
    prepare(url) {
      drop();
      if (url === null) return true;
      // Same origin only: a cross-site prefetch would go without the agent's Hunkware session.
      if (!sameOrigin(url, location.origin) || url === location.href) return false;
      if (!HTMLScriptElement.supports?.("speculationrules")) return false;
      wanted = url;
      place();
      return true;
    },
    open(url) {
      const ready = wanted === url && rule?.isConnected === true;
      // Not prefetched (yet): the worker navigates the tab; a rule placed now would only fetch twice.
      wanted = null;
      if (!ready) return false;
      // The rule stays until the page unloads: taking it away now could cancel the prefetch
      // before the navigation has picked it up.
      location.assign(url);
      return true;
    },
    stop() {
      drop();
      doc.removeEventListener("visibilitychange", place);
    },
  };
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
