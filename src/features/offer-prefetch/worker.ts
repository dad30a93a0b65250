/**
 * The offer window in the service worker (worker-prefetch.ts): while an offer rings, the Hunkware
 * tab prefetches the lead's page, so the accept's screen-pop opens it at once.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";
import { pickHunkwareTab, screenPopTarget } from "../screen-pop/worker-screen-pop.ts";
import { OfferPrefetch } from "./worker-prefetch.ts";

export interface OfferPrefetchPart extends WorkerPart {
  /** Opens the prepared page in the tab if it is the one prefetched; false if it is not. */
  open(sid: string, tabId: number, url: string): Promise<boolean>;
}

export function startOfferPrefetch(
  core: WorkerCore,
  needs: { leadIdFor(reservation: TrackedReservation): Promise<string | null> },
): OfferPrefetchPart {
  const prefetch = new OfferPrefetch({
    tabs: core.browser.tabs,
    enabled: () => core.config().prefetchOnOffer,
    hunkwareTab: (tabs) => pickHunkwareTab(tabs, core.config().hunkwareUrl),
    target: async (reservation) =>
      screenPopTarget(core.config(), reservation, await needs.leadIdFor(reservation)).url,
    log: core.log,
  });
  return {
    open: (sid, tabId, url) => prefetch.open(sid, tabId, url),
    sessionChanged: (session) => void prefetch.update(session),
  };
}
