import { describe, expect, it } from "vitest";
import { FLEX_GONE_AFTER_MINUTES, FLEX_GONE_ALARM, FlexPresence } from "./worker-presence.ts";

const FLEX = "https://flex.twilio.com";

type Tab = { url?: string; pendingUrl?: string };

function setup(urls: Tab[]) {
  /** `once` answers the next tab query in place of `list` (slow, or failing). */
  const tabs: { list: Tab[]; once?: () => Promise<Tab[]> } = { list: urls };
  const alarms = new Map<string, { delayInMinutes: number }>();
  let gone = 0;
  const counts: number[] = [];
  const presence = new FlexPresence({
    tabs: {
      query: async () => {
        const once = tabs.once;
        tabs.once = undefined;
        return once ? once() : tabs.list;
      },
    },
    alarms: {
      create: (name, info) => void alarms.set(name, info),
      clear: async (name) => alarms.delete(name),
      get: async (name) => alarms.get(name),
    },
    isFlexUrl: (url) => url.startsWith(`${FLEX}/`),
    gone: async () => void gone++,
    counted: (n) => void counts.push(n),
  });
  return { presence, tabs, alarms, gone: () => gone, counts };
}

describe("FlexPresence: Flex closed for good", () => {
  it("starts the clock when the last Flex tab goes, once, and stops it when Flex is back", async () => {
    const t = setup([{ url: `${FLEX}/agent-desktop` }, { url: "https://hunkware.chhj.com/" }]);
    await t.presence.check();
    expect(t.alarms.size).toBe(0);
    t.tabs.list = [{ url: "https://hunkware.chhj.com/" }];
    await t.presence.check();
    expect(t.alarms.get(FLEX_GONE_ALARM)).toEqual({ delayInMinutes: FLEX_GONE_AFTER_MINUTES });
    // Another tab event doesn't restart the clock.
    t.alarms.set(FLEX_GONE_ALARM, { delayInMinutes: 3 });
    await t.presence.check();
    expect(t.alarms.get(FLEX_GONE_ALARM)).toEqual({ delayInMinutes: 3 });
    // A Flex tab that is still loading counts (its URL is pending).
    t.tabs.list = [{ pendingUrl: `${FLEX}/` }];
    await t.presence.check();
    expect(t.alarms.size).toBe(0);
    // The checks also count the Flex tabs, for the "one is enough" notice: each change once.
    t.tabs.list = [{ url: `${FLEX}/` }, { url: `${FLEX}/agent-desktop` }, { url: "https://example.com/" }];
    await t.presence.check();
    expect(t.counts).toEqual([1, 0, 1, 2]);
  });

  it("checks one at a time: a check that counted Flex just before the close can't clear the close's alarm", async () => {
    const t = setup([{ url: `${FLEX}/agent-desktop` }]);
    // The first check's tab count is slow to come back, and counts the Flex tab still open then.
    let answerLate: (tabs: Tab[]) => void = () => {};
    const late = new Promise<Tab[]>((resolve) => {
      answerLate = resolve;
    });
    t.tabs.once = () => late;
    const beforeClose = t.presence.check();
    t.tabs.list = [];
    const afterClose = t.presence.check();
    answerLate([{ url: `${FLEX}/agent-desktop` }]);
    await Promise.all([beforeClose, afterClose]);
    expect(t.alarms.get(FLEX_GONE_ALARM)).toEqual({ delayInMinutes: FLEX_GONE_AFTER_MINUTES });
  });

  it("goes on with the next check after one that failed", async () => {
    const t = setup([]);
    t.tabs.once = async () => {
      throw new Error("tabs unavailable");
    };
    await expect(t.presence.check()).rejects.toThrow("tabs unavailable");
    await t.presence.check();
    expect(t.alarms.has(FLEX_GONE_ALARM)).toBe(true);
  });

  it("signs the agent out when its alarm rings and no Flex tab has come back", async () => {
    const t = setup([]);
    await t.presence.alarm(FLEX_GONE_ALARM);
    expect(t.gone()).toBe(1);
  });

  it("does nothing for Flex back in time, or for another alarm", async () => {
    const t = setup([{ url: `${FLEX}/` }]);
    await t.presence.alarm(FLEX_GONE_ALARM);
    t.tabs.list = [];
    await t.presence.alarm("hb-watchdog");
    expect(t.gone()).toBe(0);
  });
});
