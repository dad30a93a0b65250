/**
 * The screen-pop in the service worker: on accept, the client's page in the one Hunkware tab
 * (worker-screen-pop.ts), then the fieldMap fill, pushed once to the page it opened as that page's
 * port opens (worker-fills.ts says which page that is); every other Hunkware page is told it gets
 * none. A failed pop is told to the agent.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";
import type { FillPush } from "../../protocol/messages.ts";
import { fieldsToFill } from "./field-fill.ts";
import { ScreenPopFills } from "./worker-fills.ts";
import { screenPop } from "./worker-screen-pop.ts";

export interface ScreenPopNeeds {
  /** The lead a callback answers (the callback memory); null for any other task. */
  leadIdFor(reservation: TrackedReservation): Promise<string | null>;
  /** A lead was popped (the callback memory). */
  popped(reservation: TrackedReservation): Promise<void>;
  /** The tab is about to be navigated away: keep its unsaved edits (drafts). */
  beforeNavigate(tabId: number): void;
  /** The offer window's prepared page, opened if it is this one (offer prefetch). */
  openPrepared(sid: string, tabId: number, url: string): Promise<boolean>;
}

export function startScreenPop(core: WorkerCore, needs: ScreenPopNeeds): WorkerPart {
  const { browser, now, log } = core;
  const fills = new ScreenPopFills({
    store: core.stores.screenPops,
    navigating: async (tabId) => Boolean((await browser.tabs.get(tabId)).pendingUrl),
  });

  function popScreen(reservation: TrackedReservation): Promise<void> {
    const c = core.config();
    const startedAt = now();
    // A callback opens the lead it answers: that lookup started with the offer; for any other
    // task it answers at once.
    const popping = needs.leadIdFor(reservation).then((linkedLeadId) =>
      screenPop(browser, c, reservation, {
        beforeNavigate: needs.beforeNavigate,
        linkedLeadId,
        ...(c.prefetchOnOffer
          ? { openPrepared: (tabId: number, url: string) => needs.openPrepared(reservation.sid, tabId, url) }
          : {}),
      }),
    );
    // Recorded now, before the page can ask: its ask waits for the tab.
    fills.popping(reservation.sid, popping);
    return popping.then(
      (pop) => {
        log(
          `screen-pop ${pop.reused ? "reused" : "opened"} tab ${pop.tabId} in ${now() - startedAt} ms${pop.problem ? `: ${pop.problem}` : ""}`,
        );
        void needs.popped(reservation);
      },
      (error: unknown) => {
        // The agent must not sit waiting for a client page that will not come: say so.
        console.error("HunkBridge: screen-pop failed", error);
        void browser.notifications
          .create("hb-screen-pop-failed", {
            type: "basic",
            iconUrl: "icons/icon-128.png",
            title: "Hunkware could not be opened",
            message: `Open the client in Hunkware by hand (${error instanceof Error ? error.message : String(error)}).`,
          })
          .catch(() => {});
      },
    );
  }

  return {
    accepted: popScreen,
    async pageConnected(port, role) {
      if (role !== "hunkware") return;
      // Only the page the screen-pop opened, and only once: never another tab or a reload.
      const sid = port.sender ? await fills.claimFor(port.sender) : null;
      const reservation = core.session().reservations.find((r) => r.sid === sid);
      const push: FillPush = {
        type: "fill",
        reservationSid: reservation ? reservation.sid : null,
        fill: reservation ? fieldsToFill(core.config().fieldMap, reservation.attributes) : [],
      };
      try {
        port.postMessage(push);
      } catch {
        // The page went away before its fill: a reload of it gets none, as any other page.
      }
    },
    forgetClients: () => fills.forgetAll(),
  };
}
