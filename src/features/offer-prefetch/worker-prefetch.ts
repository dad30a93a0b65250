/**
 * The offer window put to use (issue #11 §2): while a lead is offered, the Hunkware tab the
 * screen-pop will reuse prefetches the page it will open, and on accept that tab opens it itself.
 *
 * Why this way (measured, docs/prefetch.md): Chrome keeps a speculation-rules prefetch for a
 * navigation started by the document that asked for it, so the rule is placed by the Hunkware
 * content script in that tab, and the accept's navigation is started there too; a navigation the
 * worker starts with tabs.update does not use it. A prefetch is one GET that nothing renders or
 * runs: the tab is not navigated before the accept and its unsaved edits stay as they are.
 *
 * Jobs run one at a time, in order, so an offer that ends while its prefetch is being placed is
 * cleaned up after it, and an accept waits for the prefetch it may use.
 */
import type { Tabs } from "webextension-polyfill";
import { oneAtATime } from "../../background/one-at-a-time.ts";
import { type AgentSession, pendingReservations, type TrackedReservation } from "../../domain/reservation.ts";
import { isAcceptedPhase } from "../../domain/reservation-lifecycle.ts";
import { HunkwarePageReply, parse, type ToHunkwarePage } from "../../protocol/messages.ts";

export interface OfferPrefetchDeps {
  tabs: Pick<Tabs.Static, "query" | "sendMessage">;
  /** `prefetchOnOffer` as configured now. */
  enabled(): boolean;
  /** The Hunkware tab the screen-pop would reuse now (worker-screen-pop.ts), or null. */
  hunkwareTab(tabs: Tabs.Tab[]): Tabs.Tab | null;
  /** The page the screen-pop will open for this reservation (the callback memory included). */
  target(reservation: TrackedReservation): Promise<string>;
  log(line: string): void;
}

/** A content script answers at once; longer than this and the accept navigates as before. */
const ANSWER_WITHIN_MS = 500;

type Prepared = { sid: string; tabId: number; url: string };

export class OfferPrefetch {
  private prepared: Prepared | null = null;
  private readonly inTurn = oneAtATime(Promise.resolve(), (error) =>
    console.warn("HunkBridge: the offer's prefetch failed", error),
  );

  constructor(private readonly deps: OfferPrefetchDeps) {}

  /** After every session change: prepare for a new offer; clear what an offer that ended left. */
  update(session: AgentSession): Promise<void> {
    return this.inTurn(() => this.sync(session));
  }

  /**
   * On accept of `sid`: asks tab `tabId` to open `url` itself, which it does only if it prepared
   * exactly that page; true when it did. Anything else (no prefetch for this reservation, another
   * tab, another page, no answer) is false and the caller navigates the tab as before.
   */
  open(sid: string, tabId: number, url: string): Promise<boolean> {
    let opened = false;
    return this.inTurn(async () => {
      const prepared = this.prepared;
      if (!prepared || prepared.sid !== sid) return;
      this.prepared = null;
      if (prepared.tabId === tabId && prepared.url === url)
        opened = await this.send(tabId, { type: "open-prepared", url });
      else await this.send(prepared.tabId, { type: "prepare-page", url: null });
    }).then(() => opened);
  }

  private async sync(session: AgentSession): Promise<void> {
    const offer = this.deps.enabled() ? pendingReservations(session)[0] : undefined;
    const prepared = this.prepared;
    if (prepared && prepared.sid !== offer?.sid) {
      // An accepted offer keeps its prefetch for open(); a missed, rejected or withdrawn one, or a
      // prefetch turned off, leaves nothing behind in the page.
      const accepted = session.reservations.some((r) => r.sid === prepared.sid && isAcceptedPhase(r.phase));
      if (accepted && offer === undefined) return;
      this.prepared = null;
      await this.send(prepared.tabId, { type: "prepare-page", url: null });
    }
    if (!offer || this.prepared?.sid === offer.sid) return;
    const [url, tab] = await Promise.all([
      this.deps.target(offer),
      this.deps.tabs.query({}).then((tabs) => this.deps.hunkwareTab(tabs)),
    ]);
    // No tab to prepare (the screen-pop will open one), or the tab is already on that page.
    if (tab?.id === undefined || tab.url === url) return;
    if (await this.send(tab.id, { type: "prepare-page", url })) {
      this.prepared = { sid: offer.sid, tabId: tab.id, url };
      this.deps.log(`prefetching ${new URL(url).pathname} in tab ${tab.id} for ${offer.sid}`);
    }
  }

  /**
   * The content script's answer; false when it refused, is not there, answered nonsense or did
   * not answer in time (a frozen tab must not hold up the accept behind it).
   */
  private async send(tabId: number, message: ToHunkwarePage): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS);
    });
    try {
      const answer = await Promise.race([this.deps.tabs.sendMessage(tabId, message, { frameId: 0 }), late]);
      const reply = parse(HunkwarePageReply, answer);
      return reply.ok && reply.value.done;
    } catch {
      // The tab closed, navigated away from Hunkware, or its content script is not there.
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
