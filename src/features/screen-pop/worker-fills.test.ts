import { describe, expect, it, vi } from "vitest";
import { flush, memoryStore } from "../../../tests/unit/background/fakes.ts";
import { type PoppedTab, type PopRecord, ScreenPopFills } from "./worker-fills.ts";

const HW = "https://hunkware.chhj.com/app";
const LEAD = `${HW}/leads/L-42`;
const POP: PoppedTab = { tabId: 7, url: LEAD };

/** A content script's sender as Chrome gives it: the tab, the frame, the document's URL. */
const page = (tabId: number, url = LEAD, more: Record<string, unknown> = {}) => ({
  tab: { id: tabId },
  frameId: 0,
  url,
  documentLifecycle: "active",
  ...more,
});

function fills(store = memoryStore<PopRecord[]>(), pending = new Set<number>()) {
  const fills = new ScreenPopFills({ store, navigating: async (tabId) => pending.has(tabId) });
  return { fills, store, pending };
}

describe("ScreenPopFills", () => {
  it("hands the fill to the popped tab's page once: a reload of that tab gets none", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    expect(await t.fills.claim("WR1", page(7))).toBe(true);
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
  });

  it("forgets every pop (and its lead address) when the agent's clients must go", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    await t.fills.forgetAll();
    await flush();
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
    expect(t.store.value).toBeNull();
  });

  it("never fills another Hunkware tab, even on the same lead page, and that ask does not use it up", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    expect(await t.fills.claim("WR1", page(8))).toBe(false);
    expect(await t.fills.claim("WR1", page(7))).toBe(true);
    expect(await t.fills.claim("WR1", page(8))).toBe(false);
  });

  it("fills nothing for a reservation it did not pop, or from a sender without a tab", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    expect(await t.fills.claim("WR2", page(7))).toBe(false);
    expect(await t.fills.claim("WR1", { url: LEAD })).toBe(false);
    expect(await t.fills.claim("WR1", page(7))).toBe(true);
  });

  it("an ask that arrives before the pop has its tab waits for the pop", async () => {
    const t = fills();
    let resolve: (pop: PoppedTab) => void = () => {};
    t.fills.popping("WR1", new Promise<PoppedTab>((r) => (resolve = r)));
    const early = t.fills.claim("WR1", page(7));
    const elsewhere = t.fills.claim("WR1", page(8));
    await flush();
    resolve(POP);
    expect(await elsewhere).toBe(false);
    expect(await early).toBe(true);
  });

  it("a failed pop fills nothing, and the ask does not hang", async () => {
    const t = fills();
    const failed = Promise.reject(new Error("no window"));
    t.fills.popping("WR1", failed);
    await failed.catch(() => {});
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
  });

  it("the page a reused tab is leaving gets none and leaves the fill to the page it navigates to", async () => {
    const t = fills(undefined, new Set([7]));
    t.fills.popping("WR1", Promise.resolve(POP));
    // The previous client's page, still in the tab until the navigation lands.
    expect(await t.fills.claim("WR1", page(7, `${HW}/leads/L-41`))).toBe(false);
    // The same lead open before the pop: told apart only by the navigation still under way.
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
    t.pending.clear();
    expect(await t.fills.claim("WR1", page(7, `${LEAD}#notes`))).toBe(true);
  });

  it("fills only the top document, and not one being prerendered or unloaded", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    expect(await t.fills.claim("WR1", page(7, LEAD, { frameId: 3 }))).toBe(false);
    expect(await t.fills.claim("WR1", page(7, LEAD, { documentLifecycle: "prerender" }))).toBe(false);
    expect(await t.fills.claim("WR1", page(7, LEAD, { documentLifecycle: "pending_deletion" }))).toBe(false);
    expect(await t.fills.claim("WR1", page(7))).toBe(true);
  });

  it("a second pop of a reservation fills its new tab once", async () => {
    const t = fills();
    t.fills.popping("WR1", Promise.resolve(POP));
    expect(await t.fills.claim("WR1", page(7))).toBe(true);
    t.fills.popping("WR1", Promise.resolve({ tabId: 9, url: LEAD }));
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
    expect(await t.fills.claim("WR1", page(9))).toBe(true);
  });

  it("survives a service-worker restart between the pop and the page's ask, and after the hand-out", async () => {
    const store = memoryStore<PopRecord[]>();
    const before = fills(store);
    before.fills.popping("WR1", Promise.resolve(POP));
    await flush();
    // Chrome stopped the worker; a new one answers the page.
    const after = fills(store);
    expect(await after.fills.claim("WR1", page(8))).toBe(false);
    expect(await after.fills.claim("WR1", page(7))).toBe(true);
    await flush();
    expect(await fills(store).fills.claim("WR1", page(7))).toBe(false);
  });

  it("keeps only the latest few reservations", async () => {
    const t = fills();
    for (let i = 1; i <= 8; i++) t.fills.popping(`WR${i}`, Promise.resolve({ tabId: 7, url: LEAD }));
    await flush();
    const kept = t.store.value as Array<{ sid: string }>;
    expect(kept.map((r) => r.sid)).toEqual(["WR4", "WR5", "WR6", "WR7", "WR8"]);
    expect(await t.fills.claim("WR1", page(7))).toBe(false);
    expect(await t.fills.claim("WR8", page(7))).toBe(true);
  });

  it("still answers when storage fails", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const store = {
      load: async () => {
        throw new Error("storage down");
      },
      save: async () => {
        throw new Error("storage down");
      },
      clear: async () => {},
    };
    const t = new ScreenPopFills({ store, navigating: async () => false });
    t.popping("WR1", Promise.resolve(POP));
    expect(await t.claim("WR1", page(7))).toBe(true);
    expect(await t.claim("WR1", page(7))).toBe(false);
    await flush();
    expect(errors.mock.calls.map((c) => c[0])).toEqual([
      "HunkBridge: could not restore the screen-pops",
      "HunkBridge: could not save the screen-pops",
      "HunkBridge: could not save the screen-pops",
    ]);
    errors.mockRestore();
  });

  describe("claimFor: which reservation's fill a page that opens its port gets", () => {
    it("the popped tab's page gets its reservation, once; another tab and a reload get none", async () => {
      const t = fills();
      t.fills.popping("WR1", Promise.resolve(POP));
      expect(await t.fills.claimFor(page(8))).toBeNull();
      expect(await t.fills.claimFor(page(7))).toBe("WR1");
      expect(await t.fills.claimFor(page(7))).toBeNull();
    });

    it("the latest pop into the tab, once every pop under way has its tab", async () => {
      const t = fills();
      t.fills.popping("WR1", Promise.resolve(POP));
      expect(await t.fills.claimFor(page(7))).toBe("WR1");
      let resolve: (pop: PoppedTab) => void = () => {};
      t.fills.popping("WR2", new Promise<PoppedTab>((r) => (resolve = r)));
      const early = t.fills.claimFor(page(7, `${HW}/leads/L-43`));
      await flush();
      resolve({ tabId: 7, url: `${HW}/leads/L-43` });
      expect(await early).toBe("WR2");
    });

    it("none for a sender without a tab, a frame, or a document not the one the agent sees", async () => {
      const t = fills();
      t.fills.popping("WR1", Promise.resolve(POP));
      expect(await t.fills.claimFor({ url: LEAD })).toBeNull();
      expect(await t.fills.claimFor(page(7, LEAD, { frameId: 3 }))).toBeNull();
      expect(await t.fills.claimFor(page(7, LEAD, { documentLifecycle: "prerender" }))).toBeNull();
      expect(await t.fills.claimFor(page(7))).toBe("WR1");
    });
  });
});
