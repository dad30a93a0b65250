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
  /** How many tabs show Flex, whenever that number changes. */
  counted(flexTabs: number): void;
}

export class FlexPresence {
  /** The last count reported: tab events are many (every navigation), changes few. */
  private lastCount: number | null = null;

  constructor(private readonly deps: FlexPresenceDeps) {}

  private async flexTabs(): Promise<number> {
    const tabs = await this.deps.tabs.query({});
    const isFlex = (url: string | undefined) => url !== undefined && this.deps.isFlexUrl(url);
    return tabs.filter((t) => isFlex(t.url) || isFlex(t.pendingUrl)).length;
  }

  /** The check running now, or the last one: the next waits for it. */
  private turn: Promise<unknown> = Promise.resolve();

  /**
   * Tabs changed (opened, closed, navigated), or the worker started: start or stop the clock.
   * One check at a time, in the order of the events: a check that counted the tabs just before a
   * close must not clear the alarm that the close's own check has just set.
   */
  check(): Promise<void> {
    const run = this.turn.catch(() => {}).then(() => this.checkNow());
    this.turn = run;
    return run;
  }

  private async checkNow(): Promise<void> {
    const open = await this.flexTabs();
    if (open !== this.lastCount) {
      this.lastCount = open;
      this.deps.counted(open);
    }
    if (open > 0) {
      await this.deps.alarms.clear(FLEX_GONE_ALARM);
    } else if (!(await this.deps.alarms.get(FLEX_GONE_ALARM))) {
      this.deps.alarms.create(FLEX_GONE_ALARM, { delayInMinutes: FLEX_GONE_AFTER_MINUTES });
    }
  }

  /** An alarm rang: if it is ours and Flex is still not back, the agent is gone. */
  async alarm(name: string): Promise<void> {
    if (name !== FLEX_GONE_ALARM || (await this.flexTabs()) > 0) return;
    await this.deps.gone();
  }
}
