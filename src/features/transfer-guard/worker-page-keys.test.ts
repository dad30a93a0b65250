import { describe, expect, it } from "vitest";
import type { Persisted } from "../../background/persisted.ts";
import type { SenderInfo } from "../../background/sender-role.ts";
import type { WorkerCore } from "../../background/worker-feature.ts";
import { PAGE_KEY_LIMIT, type StoredPageKeys, startPageKeys } from "./worker-page-keys.ts";

const KEY_A = "a".repeat(64);
const KEY_B = "b".repeat(64);

function setUp(openTabs: number[] = []) {
  let stored: StoredPageKeys | null = null;
  const store: Persisted<StoredPageKeys> = {
    load: async () => stored,
    save: async (value) => {
      stored = value;
    },
    clear: async () => {
      stored = null;
    },
  };
  const core = {
    stores: { flexPageKeys: store },
    browser: { tabs: { query: async () => openTabs.map((id) => ({ id })) } },
  } as unknown as WorkerCore;
  const part = startPageKeys(core);
  const handler = part.handlers?.["flex-page-key"];
  if (!handler) throw new Error("no flex-page-key handler");
  /** A request from the top frame of `tabId`'s document `documentId`. */
  const ask = (key: string | null, tabId: number, documentId: string, extra: Partial<SenderInfo> = {}) =>
    handler({ type: "flex-page-key", key }, { tab: { id: tabId }, frameId: 0, documentId, ...extra });
  return { part, ask, stored: () => stored };
}

describe("the Flex pages' keys, kept for an update", () => {
  it("gives a document back the key its first isolated half left, and no other document", async () => {
    const { ask } = setUp();
    expect(await ask(KEY_A, 7, "DOC-1")).toEqual({ key: KEY_A });
    expect(await ask(null, 7, "DOC-1")).toEqual({ key: KEY_A });
    // Another document in the same tab, or the same document id claimed from another tab: nothing.
    expect(await ask(null, 7, "DOC-2")).toEqual({ key: null });
    expect(await ask(null, 8, "DOC-1")).toEqual({ key: null });
  });

  it("keeps one key per tab: Flex reloaded in the tab replaces its earlier document's", async () => {
    const { ask, stored } = setUp();
    await ask(KEY_A, 7, "DOC-1");
    await ask(KEY_B, 7, "DOC-2");
    expect(stored()).toEqual([{ tabId: 7, documentId: "DOC-2", key: KEY_B }]);
    expect(await ask(null, 7, "DOC-1")).toEqual({ key: null });
  });

  it("takes nothing from a frame, or from a sender Chrome names no document or tab for", async () => {
    const { ask, stored } = setUp();
    expect(await ask(KEY_A, 7, "DOC-1", { frameId: 3 })).toEqual({ key: null });
    expect(await ask(KEY_A, 7, "", {})).toEqual({ key: null });
    expect(await ask(KEY_A, 7, "DOC-1", { tab: undefined })).toEqual({ key: null });
    expect(stored()).toBeNull();
  });

  it("keeps two tabs' keys when both arrive at once", async () => {
    const { ask, stored } = setUp();
    await Promise.all([ask(KEY_A, 7, "DOC-1"), ask(KEY_B, 8, "DOC-2")]);
    expect(stored()).toHaveLength(2);
  });

  it("forgets a closed tab's key, and at start-up the keys of tabs that are gone", async () => {
    const { part, ask, stored } = setUp([8]);
    await ask(KEY_A, 7, "DOC-1");
    await ask(KEY_B, 8, "DOC-2");
    await ask(KEY_B, 9, "DOC-3");
    await part.tabRemoved?.(9);
    expect(stored()?.map((e) => e.tabId)).toEqual([7, 8]);
    await part.started?.();
    expect(stored()?.map((e) => e.tabId)).toEqual([8]);
  });

  it("keeps at most PAGE_KEY_LIMIT keys, the newest", async () => {
    const { ask, stored } = setUp();
    for (let tab = 1; tab <= PAGE_KEY_LIMIT + 5; tab++) await ask(KEY_A, tab, `DOC-${tab}`);
    expect(stored()).toHaveLength(PAGE_KEY_LIMIT);
    expect(stored()?.[0]?.tabId).toBe(6);
  });
});
