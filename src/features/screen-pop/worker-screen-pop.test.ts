import { describe, expect, it } from "vitest";
import type { Tabs } from "webextension-polyfill";
import { type FakeTab, fakeBrowser } from "../../../tests/unit/fake-browser.ts";
import { CONFIG_DEFAULTS, type HunkBridgeConfig } from "../../domain/config.ts";
import { trackSnapshot } from "../../domain/reservation-lifecycle.ts";
import { pickHunkwareTab, type ScreenPopBrowser, screenPop, screenPopTarget } from "./worker-screen-pop.ts";

const HW = "https://hunkware.chhj.com/app";
const CONFIG: HunkBridgeConfig = { ...CONFIG_DEFAULTS, hunkwareUrl: HW };
const T0 = 1_700_000_000_000;

function reservation(attributes: Record<string, unknown>) {
  const snapshot = { sid: "WR1", taskSid: "WT1", status: "accepted", dateCreatedSec: T0 / 1000, attributes };
  const tracked = trackSnapshot(snapshot, T0, CONFIG);
  if (!tracked) throw new Error("not tracked");
  return tracked;
}
const WEBLEAD = reservation({ type: "weblead", lead_id: "L 42" });

function pop(tabs: FakeTab[], r = WEBLEAD) {
  const fake = fakeBrowser(tabs);
  const before: number[] = [];
  const result = screenPop(fake.browser as unknown as ScreenPopBrowser, CONFIG, r, {
    beforeNavigate: (id) => {
      before.push(id);
      fake.calls.push(["beforeNavigate", id]);
    },
  });
  return { fake, before, result };
}

describe("pickHunkwareTab", () => {
  it("picks the most recently used tab under the base path, ignoring other origins and url-less tabs", () => {
    const tabs: FakeTab[] = [
      { id: 1, url: `${HW}/leads/1`, lastAccessed: 10 },
      { id: 2, url: `${HW}`, lastAccessed: 30 },
      { id: 3, url: "https://hunkware.chhj.com/other", lastAccessed: 99 },
      { id: 4, url: "https://evil.example/app/leads", lastAccessed: 99 },
      { id: 5, lastAccessed: 99 },
      { id: 6, url: "https://hunkware.chhj.com/application", lastAccessed: 99 },
      { url: `${HW}/x`, lastAccessed: 99 },
    ];
    const asTabs = (list: FakeTab[]) => list as Tabs.Tab[];
    expect(pickHunkwareTab(asTabs(tabs), HW)?.id).toBe(2);
    expect(pickHunkwareTab(asTabs(tabs.slice(2)), HW)).toBeNull();
  });
});

describe("screenPopTarget", () => {
  it("inbound: the caller search with the caller's 10 digits", () => {
    const inbound = reservation({ direction: "inbound", from: "+1 (617) 555-0123" });
    expect(screenPopTarget(CONFIG, inbound)).toEqual({ url: `${HW}/search?phone=6175550123`, problem: null });
  });

  it("a callback linked to a lead: that lead's page, not the caller search", () => {
    const inbound = reservation({ direction: "inbound", from: "+1 (617) 555-0123" });
    expect(screenPopTarget(CONFIG, inbound, "L-1234")).toEqual({ url: `${HW}/leads/L-1234`, problem: null });
  });

  it("unknown origin without lead_id: the base URL and why", () => {
    const target = screenPopTarget(CONFIG, reservation({ name: "Ada" }));
    expect(target.url).toBe(HW);
    expect(target.problem).toMatch(/unknown.*no lead_id/);
  });
});

describe("screenPop", () => {
  it("navigates the most recently used Hunkware tab, after beforeNavigate, and focuses its window", async () => {
    const t = pop([
      { id: 1, windowId: 7, url: `${HW}/leads/1`, lastAccessed: 50 },
      { id: 2, windowId: 8, url: `${HW}/leads/2`, lastAccessed: 20 },
    ]);
    const result = await t.result;
    const url = `${HW}/leads/L%2042`;
    expect(result).toEqual({ tabId: 1, url, reused: true, problem: null });
    expect(t.fake.calls.slice(1)).toEqual([
      ["beforeNavigate", 1],
      // Navigation first, then the tab comes to the front (two updates: one would delay the load).
      ["tabs.update", 1, { url }],
      ["tabs.update", 1, { active: true }],
      ["windows.update", 7, { focused: true }],
    ]);
    expect(t.fake.callsOf("tabs.create")).toEqual([]);
  });

  it("lets the tab open the page it prefetched during the offer, and only brings it forward", async () => {
    const fake = fakeBrowser([{ id: 1, windowId: 7, url: `${HW}/leads/1`, lastAccessed: 50 }]);
    const asked: unknown[] = [];
    const result = await screenPop(fake.browser as unknown as ScreenPopBrowser, CONFIG, WEBLEAD, {
      beforeNavigate: (id) => fake.calls.push(["beforeNavigate", id]),
      openPrepared: async (tabId, url) => {
        asked.push([tabId, url]);
        return true;
      },
    });
    const url = `${HW}/leads/L%2042`;
    expect(result).toEqual({ tabId: 1, url, reused: true, problem: null });
    expect(asked).toEqual([[1, url]]);
    expect(fake.calls.slice(1)).toEqual([
      ["beforeNavigate", 1], // the unsaved edits are kept either way
      ["tabs.update", 1, { active: true }],
      ["windows.update", 7, { focused: true }],
    ]);
  });

  it("navigates the tab itself when the page did not prefetch that page", async () => {
    const fake = fakeBrowser([{ id: 1, windowId: 7, url: `${HW}/leads/1`, lastAccessed: 50 }]);
    await screenPop(fake.browser as unknown as ScreenPopBrowser, CONFIG, WEBLEAD, {
      openPrepared: async () => false,
    });
    expect(fake.callsOf("tabs.update")).toEqual([
      [1, { url: `${HW}/leads/L%2042` }],
      [1, { active: true }],
    ]);
  });

  it("opens a new tab when there is no Hunkware tab", async () => {
    const t = pop([{ id: 1, windowId: 7, url: "https://flex.twilio.com/agent-desktop", lastAccessed: 50 }]);
    const result = await t.result;
    expect(result).toEqual({ tabId: 1000, url: `${HW}/leads/L%2042`, reused: false, problem: null });
    expect(t.before).toEqual([]);
    expect(t.fake.callsOf("tabs.create")).toEqual([[{ url: `${HW}/leads/L%2042`, active: true }]]);
    expect(t.fake.callsOf("windows.update")).toEqual([[1, { focused: true }]]);
  });

  it("opens a new tab when the tab was closed between query and update", async () => {
    const fake = fakeBrowser([{ id: 1, windowId: 7, url: `${HW}/leads/1`, lastAccessed: 50 }]);
    const query = fake.browser.tabs.query;
    fake.browser.tabs.query = async (filter) => {
      const tabs = await query(filter);
      fake.tabs.splice(0); // closed right after
      return tabs;
    };
    const result = await screenPop(fake.browser as unknown as ScreenPopBrowser, CONFIG, WEBLEAD);
    expect(result).toMatchObject({ tabId: 1000, reused: false });
    expect(fake.callsOf("tabs.update").filter((call) => JSON.stringify(call).includes('"url"'))).toHaveLength(
      1,
    );
    expect(fake.callsOf("tabs.create")).toHaveLength(1);
  });

  it("opens the base URL with the problem for an unknown task without lead_id", async () => {
    const t = pop([], reservation({ name: "Ada" }));
    const result = await t.result;
    expect(result.url).toBe(HW);
    expect(result.problem).toMatch(/no lead_id/);
    expect(t.fake.callsOf("tabs.create")).toEqual([[{ url: HW, active: true }]]);
  });
});
