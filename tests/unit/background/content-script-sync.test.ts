import { describe, expect, it } from "vitest";
import type { Scripting, Tabs } from "webextension-polyfill";
import { injectIntoOpenTabs, syncContentScripts } from "../../../src/background/content-script-sync.ts";

const FLEX = "https://flex.twilio.com/*";
const HUNKWARE = "https://hunkware.chhj.com/*";
const script = (
  id: string,
  matches: string[],
  extra: Partial<Scripting.RegisteredContentScript> = {},
): Scripting.RegisteredContentScript => ({
  id,
  js: [`assets/${id}.js`],
  matches,
  runAt: "document_start",
  allFrames: false,
  persistAcrossSessions: true,
  ...extra,
});
const WANTED = [
  script("hunkware-card", [HUNKWARE]),
  script("flex-token-relay", [FLEX]),
  script("flex-overlays", [FLEX]),
  script("flex-token-reader", [FLEX], { runAt: "document_idle", world: "MAIN" }),
];

/** chrome.scripting as far as the glue uses it; Chrome reports `world` and extra fields itself. */
function fakeScripting(registered: Scripting.RegisteredContentScript[] = []) {
  const calls: string[] = [];
  const injected: Array<{ tabId: number; file: string; world: string }> = [];
  const failing = new Set<string>();
  const api = {
    getRegisteredContentScripts: async () =>
      registered.map((s) => ({ world: "ISOLATED" as const, matchOriginAsFallback: false, ...s })),
    unregisterContentScripts: async (filter?: { ids?: string[] }) => {
      calls.push(`unregister ${filter?.ids?.join(",")}`);
      registered = registered.filter((s) => !filter?.ids?.includes(s.id));
    },
    registerContentScripts: async (scripts: Scripting.RegisteredContentScript[]) => {
      calls.push(`register ${scripts.map((s) => s.id).join(",")}`);
      registered = [...registered, ...scripts];
    },
    executeScript: async (injection: Scripting.ScriptInjection) => {
      const file = injection.files?.[0] ?? "";
      const { tabId } = injection.target;
      if (failing.has(`${tabId} ${file}`)) throw new Error("Frame with ID 0 is showing error page");
      injected.push({ tabId, file, world: injection.world ?? "ISOLATED" });
      return [];
    },
  };
  return { api, calls, injected, failing };
}

function fakeTabs(tabs: Array<Partial<Tabs.Tab> & { url: string }>) {
  return {
    query: async (info: Tabs.QueryQueryInfoType) => {
      const patterns = ([] as string[]).concat(info.url ?? []);
      return tabs.filter((t) => patterns.some((p) => t.url.startsWith(p.slice(0, -1)))) as Tabs.Tab[];
    },
  };
}

describe("syncContentScripts", () => {
  it("registers what is wanted, persisting across browser sessions", async () => {
    const s = fakeScripting();
    expect(await syncContentScripts(s.api, WANTED)).toBe(true);
    expect(s.calls).toEqual(["register hunkware-card,flex-token-relay,flex-overlays,flex-token-reader"]);
    expect((await s.api.getRegisteredContentScripts()).every((r) => r.persistAcrossSessions)).toBe(true);
  });

  it("leaves scripts that are already as wanted alone (a worker Chrome merely restarted)", async () => {
    const s = fakeScripting([...WANTED].reverse());
    expect(await syncContentScripts(s.api, WANTED)).toBe(false);
    expect(s.calls).toEqual([]);
  });

  it("replaces scripts that differ in any way that changes where or how they run", async () => {
    const variants = [
      WANTED.map((w) => (w.id === "flex-overlays" ? { ...w, matches: ["https://other.flex/*"] } : w)),
      WANTED.map((w) => (w.id === "hunkware-card" ? { ...w, js: ["assets/hunkware-card-NEW.js"] } : w)),
      WANTED.map((w) => ({ ...w, persistAcrossSessions: false })),
      WANTED.slice(1),
    ];
    for (const registered of variants) {
      const s = fakeScripting(registered);
      expect(await syncContentScripts(s.api, WANTED)).toBe(true);
      expect(s.calls[0]).toMatch(/^unregister /);
      expect(s.calls[1]).toBe("register hunkware-card,flex-token-relay,flex-overlays,flex-token-reader");
    }
  });
});

describe("injectIntoOpenTabs", () => {
  it("runs the scripts in every matching open tab, in order per tab, in their worlds", async () => {
    const s = fakeScripting();
    const tabs = fakeTabs([
      { id: 1, url: "https://flex.twilio.com/agent-desktop" },
      { id: 2, url: "https://hunkware.chhj.com/leads/L-1" },
      { id: 3, url: "https://elsewhere.example/" },
      { id: 4, url: "https://flex.twilio.com/", discarded: true },
    ]);
    const outcomes = await injectIntoOpenTabs(s.api, tabs, WANTED);
    expect(s.injected.filter((i) => i.tabId === 1)).toEqual([
      { tabId: 1, file: "assets/flex-token-relay.js", world: "ISOLATED" },
      { tabId: 1, file: "assets/flex-overlays.js", world: "ISOLATED" },
      { tabId: 1, file: "assets/flex-token-reader.js", world: "MAIN" },
    ]);
    expect(s.injected.filter((i) => i.tabId === 2)).toEqual([
      { tabId: 2, file: "assets/hunkware-card.js", world: "ISOLATED" },
    ]);
    // Not elsewhere, and not into a discarded tab (it gets the registered scripts when it loads).
    expect(s.injected.map((i) => i.tabId).sort()).toEqual([1, 1, 1, 2]);
    expect(outcomes.every((o) => o.error === null)).toBe(true);
  });

  it("reports a tab that can't take a script and carries on with the rest", async () => {
    const s = fakeScripting();
    s.failing.add("1 assets/flex-token-relay.js");
    const tabs = fakeTabs([
      { id: 1, url: "https://flex.twilio.com/" },
      { id: 2, url: "https://hunkware.chhj.com/" },
    ]);
    const outcomes = await injectIntoOpenTabs(s.api, tabs, WANTED);
    expect(outcomes).toContainEqual({
      tabId: 1,
      script: "flex-token-relay",
      error: "Frame with ID 0 is showing error page",
    });
    expect(s.injected.map((i) => i.file)).toEqual(
      expect.arrayContaining([
        "assets/flex-overlays.js",
        "assets/flex-token-reader.js",
        "assets/hunkware-card.js",
      ]),
    );
  });
});
