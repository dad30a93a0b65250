/**
 * Signals the agent can't miss while an offer is pending: the action badge counts down the
 * accept window, and a system notification announces the offer when Flex is not the focused
 * tab (clicking it brings Flex forward). Both clear the moment the offer is accepted, missed or
 * withdrawn.
 */
import type { Action, Notifications, Tabs, Windows } from "webextension-polyfill";
import type { Timers } from "../../background/agent-connection.ts";
import { clientCard, MISSING } from "../../domain/client-card.ts";
import { secondsLeft } from "../../domain/countdown.ts";
import { lastUsedTab } from "../../domain/flex-tab.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";

export interface SignalsBrowser {
  action: Pick<Action.Static, "setBadgeText" | "setBadgeBackgroundColor">;
  notifications: Pick<Notifications.Static, "create" | "clear">;
  tabs: Pick<Tabs.Static, "query" | "update">;
  windows: Pick<Windows.Static, "getLastFocused" | "update">;
}

const NOTIFICATION_PREFIX = "hb-offer-";

export class OfferSignals {
  private pending: TrackedReservation[] = [];
  private notified = new Set<string>();
  private ticker: unknown = null;

  constructor(
    private readonly browser: SignalsBrowser,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly isFlexUrl: (url: string) => boolean,
  ) {}

  /** Called with the pending offers after every session change. */
  async update(pending: TrackedReservation[]): Promise<void> {
    this.pending = pending;
    this.renderBadge();
    const live = new Set(pending.map((r) => r.sid));
    for (const sid of [...this.notified]) {
      if (live.has(sid)) continue;
      this.notified.delete(sid);
      await this.browser.notifications.clear(NOTIFICATION_PREFIX + sid).catch(() => {});
    }
    for (const offer of pending) {
      if (this.notified.has(offer.sid)) continue;
      this.notified.add(offer.sid);
      const focused = await this.flexIsFocused();
      // The offer may have ended while we asked (updates overlap): then announce nothing.
      if (!focused && this.isPending(offer.sid)) {
        await this.notify(offer);
        if (!this.isPending(offer.sid))
          await this.browser.notifications.clear(NOTIFICATION_PREFIX + offer.sid).catch(() => {});
      }
    }
  }

  private isPending(sid: string): boolean {
    return this.pending.some((r) => r.sid === sid);
  }

  /** A click on one of our notifications: bring the agent to Flex to accept. */
  async clicked(notificationId: string): Promise<void> {
    if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return;
    const flex = lastUsedTab(await this.browser.tabs.query({}), this.isFlexUrl);
    if (flex?.id === undefined) return;
    await this.browser.tabs.update(flex.id, { active: true });
    if (flex.windowId !== undefined) await this.browser.windows.update(flex.windowId, { focused: true });
  }

  private renderBadge(): void {
    if (this.ticker !== null) this.timers.clear(this.ticker);
    this.ticker = null;
    const first = this.pending[0];
    if (!first) {
      void this.browser.action.setBadgeText({ text: "" });
      return;
    }
    const left = secondsLeft(first.acceptDeadlineMs, this.now());
    void this.browser.action.setBadgeBackgroundColor({ color: left > 3 ? "#0263e0" : "#d61f1f" });
    void this.browser.action.setBadgeText({ text: String(left) });
    if (left > 0) {
      // Tick on the next whole-second boundary of the deadline, so the badge agrees with Flex.
      const untilNextSecond = (first.acceptDeadlineMs - this.now()) % 1000 || 1000;
      this.ticker = this.timers.set(() => this.renderBadge(), untilNextSecond);
    }
  }

  private async flexIsFocused(): Promise<boolean> {
    try {
      const window = await this.browser.windows.getLastFocused({ populate: false });
      if (!window.focused || window.id === undefined) return false;
      const [active] = await this.browser.tabs.query({ active: true, windowId: window.id });
      return Boolean(active?.url && this.isFlexUrl(active.url));
    } catch {
      return false;
    }
  }

  private async notify(offer: TrackedReservation): Promise<void> {
    const card = clientCard(offer.attributes, offer.origin);
    const seconds = secondsLeft(offer.acceptDeadlineMs, this.now());
    const what = offer.origin === "inbound" ? "Inbound callback" : "New web lead";
    await this.browser.notifications
      .create(NOTIFICATION_PREFIX + offer.sid, {
        type: "basic",
        iconUrl: "icons/icon-128.png",
        title: `${what}: accept in Flex`,
        message: `${card.name ?? MISSING} · ${card.phone ?? MISSING} · ${seconds} s left`,
        priority: 2,
      })
      .catch((error: unknown) => console.warn("HunkBridge: notification failed", error));
  }
}
