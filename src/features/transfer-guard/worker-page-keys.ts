/**
 * The key each Flex page's two HunkBridge halves share (content-scripts/flex/page-key.ts), kept for
 * that one document so that it outlives an update of the extension.
 *
 * Why: the halves can share a key only at document_start, before any page script exists. After an
 * update under an open Flex, the new isolated half arrives too late to be given one, while the page
 * half from document_start is still there with its key. The first isolated half left the key here;
 * the new one gets it back and goes on proving that page half's heartbeat. An update clears
 * storage.session, so the keys are kept in storage.local: one entry per tab, for the document that
 * left it (Chrome's documentId), dropped when the tab closes or navigates, and at start-up for tabs
 * that are gone. A key is worth nothing outside its document, which ends with the page.
 */
import * as v from "valibot";
import { exactly } from "../../background/persisted.ts";
import type { SenderInfo } from "../../background/sender-role.ts";
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { Hex } from "../../protocol/messages.ts";

export interface KeptPageKey {
  tabId: number;
  documentId: string;
  key: string;
}
/** Chrome keeps far fewer Flex tabs open; the bound keeps a damaged store small. */
export const PAGE_KEY_LIMIT = 50;
export type StoredPageKeys = KeptPageKey[];
export const StoredPageKeys = exactly<StoredPageKeys>()(
  v.pipe(
    v.array(
      v.object({
        tabId: v.pipe(v.number(), v.integer()),
        documentId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
        key: Hex(64),
      }),
    ),
    v.maxLength(PAGE_KEY_LIMIT),
  ),
);

/** The document a request came from: its tab's top frame only (Flex's halves run there). */
function documentOf(sender: SenderInfo): { tabId: number; documentId: string } | null {
  const tabId = (sender.tab as { id?: unknown } | undefined)?.id;
  if (typeof tabId !== "number" || sender.frameId !== 0 || !sender.documentId) return null;
  return { tabId, documentId: sender.documentId };
}

export function startPageKeys(core: WorkerCore): WorkerPart {
  const store = core.stores.flexPageKeys;
  /** One change at a time: two tabs' requests must not overwrite each other's entries. */
  let queue: Promise<unknown> = Promise.resolve();
  const change = (edit: (kept: StoredPageKeys) => StoredPageKeys | null): Promise<StoredPageKeys> => {
    const next = queue.then(async () => {
      const kept = (await store.load()) ?? [];
      const edited = edit(kept);
      if (edited !== null) await store.save(edited.slice(-PAGE_KEY_LIMIT));
      return edited ?? kept;
    });
    queue = next.catch(() => {});
    return next;
  };
  const drop = (keep: (entry: KeptPageKey) => boolean) =>
    change((kept) => (kept.every(keep) ? null : kept.filter(keep)));

  return {
    handlers: {
      "flex-page-key": async ({ key }, sender) => {
        const doc = documentOf(sender);
        if (!doc) return { key: null };
        if (key !== null) {
          // The tab's earlier document (Flex reloaded) has no use for its key any more.
          await change((kept) => [...kept.filter((e) => e.tabId !== doc.tabId), { ...doc, key }]);
          return { key };
        }
        const kept = await change(() => null);
        const found = kept.find((e) => e.tabId === doc.tabId && e.documentId === doc.documentId);
        return { key: found?.key ?? null };
      },
    },
    tabRemoved: async (tabId) => drop((e) => e.tabId !== tabId),
    started: async () => {
      // Tabs of an earlier browser session are gone; their ids may be given to new tabs.
      const open = new Set((await core.browser.tabs.query({})).map((tab) => tab.id));
      await drop((e) => open.has(e.tabId));
    },
  };
}
