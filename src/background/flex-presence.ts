/**
 * Flex closed for good: when no tab shows Flex any more, an alarm is set; if still no Flex tab has
 * come back when it rings, the agent has left (closed Flex for the day, not reloaded it or lost a
 * tab for a minute), and `gone` signs them out so their clients' data goes. An alarm, not a timer:
 * Chrome stops an idle service worker, and an alarm wakes it.
 */
export const FLEX_GONE_ALARM = "hb-flex-gone";
/** Long enough for a reload, a crash and restore, or closing the wrong tab and reopening Flex. */
export const FLEX_GONE_AFTER_MINUTES = 10;

interface TabLike {
  url?: string;
  pendingUrl?: string;
}

export interface FlexPresenceDeps {
  tabs: { query(query: Record<string, never>): Promise<TabLike[]> };
  alarms: {
    create(name: string, info: { delayInMinutes: number }): unknown;
    clear(name: string): Promise<boolean>;
    get(name: string): Promise<unknown>;
  };
  isFlexUrl(url: string): boolean;
  gone(): Promise<void>;
}

export class FlexPresence {
  constructor(private readonly deps: FlexPresenceDeps) {}

  private async flexOpen(): Promise<boolean> {
    const tabs = await this.deps.tabs.query({});
    return tabs.some((t) =>
      [t.url, t.pendingUrl].some((url) => url !== undefined && this.deps.isFlexUrl(url)),
    );
  }

  /** Tabs changed (opened, closed, navigated), or the worker started: start or stop the clock. */
  async check(): Promise<void> {
    if (await this.flexOpen()) {
      await this.deps.alarms.clear(FLEX_GONE_ALARM);
    } else if (!(await this.deps.alarms.get(FLEX_GONE_ALARM))) {
      this.deps.alarms.create(FLEX_GONE_ALARM, { delayInMinutes: FLEX_GONE_AFTER_MINUTES });
    }
  }

  /** An alarm rang: if it is ours and Flex is still not back, the agent is gone. */
  async alarm(name: string): Promise<void> {
    if (name !== FLEX_GONE_ALARM || (await this.flexOpen())) return;
    await this.deps.gone();
  }
}
