/**
 * The screen-pop: on accept, show the client in the one Hunkware tab. The most recently used tab
 * under hunkwareUrl is navigated (never a second one opened); a new tab only when there is none.
 * The client card itself is drawn by the Hunkware content script from the agent's view.
 */
import type { Tabs, Windows } from "webextension-polyfill";
import type { HunkBridgeConfig } from "../../domain/config.ts";
import { isUnderHunkware } from "../../domain/config.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";
import { buildScreenPopUrl } from "../../domain/url-template.ts";

export interface ScreenPopBrowser {
  tabs: Pick<Tabs.Static, "query" | "update" | "create">;
  windows: Pick<Windows.Static, "update">;
}

export type ScreenPopResult = {
  tabId: number;
  url: string;
  reused: boolean;
  /** Why the client's own page could not be opened (the base page was opened instead). */
  problem: string | null;
};

export function screenPopTarget(
  config: HunkBridgeConfig,
  reservation: TrackedReservation,
  /** The lead a callback answers (src/features/callback-memory/): its page instead of the caller search. */
  linkedLeadId: string | null = null,
): { url: string; problem: string | null } {
  const built = buildScreenPopUrl(config, reservation.origin, reservation.attributes, linkedLeadId);
  return built.ok ? { url: built.url, problem: null } : { url: config.hunkwareUrl, problem: built.reason };
}

/** The Hunkware tab the agent used last, or null. */
export function pickHunkwareTab(tabs: Tabs.Tab[], hunkwareUrl: string): Tabs.Tab | null {
  let best: Tabs.Tab | null = null;
  for (const tab of tabs) {
    if (tab.id === undefined || !tab.url || !isUnderHunkware(tab.url, hunkwareUrl)) continue;
    if (!best || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0)) best = tab;
  }
  return best;
}

export async function screenPop(
  browser: ScreenPopBrowser,
  config: HunkBridgeConfig,
  reservation: TrackedReservation,
  options: {
    /** Called just before an existing tab is navigated away (to keep its unsaved edits). */
    beforeNavigate?: (tabId: number) => void;
    linkedLeadId?: string | null;
    /** Opens `url` from the tab's own page if it prefetched it during the offer (src/features/offer-prefetch/). */
    openPrepared?: (tabId: number, url: string) => Promise<boolean>;
  } = {},
): Promise<ScreenPopResult> {
  const { url, problem } = screenPopTarget(config, reservation, options.linkedLeadId ?? null);
  const existing = pickHunkwareTab(await browser.tabs.query({}), config.hunkwareUrl);
  let tab: Tabs.Tab;
  if (existing?.id !== undefined) {
    options.beforeNavigate?.(existing.id);
    try {
      // The page opens the page it prefetched, or Chrome navigates it: navigation first,
      // activation beside it (in one update Chrome starts the navigation only after switching
      // tabs, measured ~15 ms later).
      const openedInPage = (await options.openPrepared?.(existing.id, url)) ?? false;
      const navigating = browser.tabs.update(existing.id, openedInPage ? { active: true } : { url });
      if (!openedInPage) void browser.tabs.update(existing.id, { active: true }).catch(() => {});
      tab = await navigating;
    } catch {
      // The agent closed it between our query and the update.
      tab = await browser.tabs.create({ url, active: true });
    }
  } else {
    tab = await browser.tabs.create({ url, active: true });
  }
  if (tab.windowId !== undefined) {
    await browser.windows.update(tab.windowId, { focused: true }).catch(() => {});
  }
  if (tab.id === undefined) throw new Error("Chrome opened the Hunkware tab without an id");
  return { tabId: tab.id, url, reused: tab.id === existing?.id, problem };
}
