/**
 * The fieldMap fill goes once into the page the screen-pop opened for that reservation: not into
 * another Hunkware tab, not into a reload, not into the page the reused tab was leaving. The
 * screen-pop records its tab and address here; when a Hunkware page opens its port, it is handed
 * the fields only if it is that tab's top document at that address, and only the first time.
 *
 * Kept in chrome.storage.session (the latest few pops), so a service worker that Chrome stopped
 * between the pop and the page's ask still fills it, and one restarted after the fill does not
 * fill again.
 */
import * as v from "valibot";
import { exactly, type Persisted } from "../../background/persisted.ts";

export type PoppedTab = { tabId: number; url: string };
export type PopRecord = PoppedTab & { sid: string; handedOut: boolean };

/** As kept (stores.ts `screenPops`): the latest pops, oldest first. */
export const StoredPops = exactly<PopRecord[]>()(
  v.array(v.object({ sid: v.string(), tabId: v.number(), url: v.string(), handedOut: v.boolean() })),
);

export interface ScreenPopFillsDeps {
  store: Persisted<PopRecord[]>;
  /**
   * Whether the tab is still on its way to another document (Chrome's pendingUrl). A reused tab
   * keeps its previous page until the pop's navigation lands, and that page asks too.
   */
  navigating(tabId: number): Promise<boolean>;
}

/** Pops remembered; one is in hand at a time, the rest are only there for a late ask. */
export const POPS_KEPT = 5;

/** The parts of runtime.MessageSender that tell which document asks. */
export type FillAsker = { tab?: unknown; url?: string; frameId?: number; documentLifecycle?: unknown };

export class ScreenPopFills {
  private records: PopRecord[] = [];
  private loading: Promise<void> | null = null;
  /** Pops under way: an ask for their reservation waits for the tab. */
  private readonly pending = new Map<string, Promise<void>>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScreenPopFillsDeps) {}

  /** Call as the pop starts, before the tab can ask; `pop` resolves with the tab it navigated. */
  popping(sid: string, pop: Promise<PoppedTab>): void {
    const settled: Promise<void> = pop
      .then(
        async ({ tabId, url }) => {
          await this.loaded();
          this.commit([...this.records.filter((r) => r.sid !== sid), { sid, tabId, url, handedOut: false }]);
        },
        async () => {
          await this.loaded();
          this.commit(this.records.filter((r) => r.sid !== sid));
        },
      )
      .finally(() => {
        if (this.pending.get(sid) === settled) this.pending.delete(sid);
      });
    this.pending.set(sid, settled);
  }

  /**
   * True exactly once: for the top document of the popped tab at the popped address (the
   * fragment aside), once the navigation has landed. Every other ask gets false and leaves the
   * fill for that page.
   */
  async claim(sid: string, sender: FillAsker): Promise<boolean> {
    const asker = askerOf(sender);
    await this.loaded();
    await this.pending.get(sid);
    const record = this.records.find((r) => r.sid === sid);
    if (!asker || !record || record.handedOut || record.tabId !== asker.tabId) return false;
    if (withoutFragment(record.url) !== withoutFragment(asker.url)) return false;
    if (await this.deps.navigating(asker.tabId).catch(() => true)) return false;
    // Another ask, or another pop of this reservation, may have come in meanwhile.
    if (record.handedOut || !this.records.includes(record)) return false;
    record.handedOut = true;
    this.commit(this.records);
    return true;
  }

  /**
   * The reservation whose fill this page gets, claimed as `claim` does, or null: the latest pop
   * into the page's tab not yet handed out, once every pop under way has its tab.
   */
  async claimFor(sender: FillAsker): Promise<string | null> {
    const asker = askerOf(sender);
    if (!asker) return null;
    await this.loaded();
    await Promise.all(this.pending.values());
    const record = this.records.findLast((r) => r.tabId === asker.tabId && !r.handedOut);
    return record && (await this.claim(record.sid, sender)) ? record.sid : null;
  }

  /** The agent is signed out or another signed in: their pops (lead addresses) go too. */
  async forgetAll(): Promise<void> {
    await this.loaded();
    await Promise.all(this.pending.values()); // a pop under way records after this otherwise
    this.records = [];
    this.inTurn(() => this.deps.store.clear());
  }

  private loaded(): Promise<void> {
    this.loading ??= this.deps.store.load().then(
      (stored) => {
        this.records = (stored ?? []).slice(-POPS_KEPT);
      },
      (error: unknown) => console.error("HunkBridge: could not restore the screen-pops", error),
    );
    return this.loading;
  }

  private commit(records: PopRecord[]): void {
    this.records = records.slice(-POPS_KEPT);
    const snapshot = this.records.map((r) => ({ ...r }));
    this.inTurn(() => this.deps.store.save(snapshot));
  }

  /** Writes land in order; a failed one leaves the pops in memory until the worker stops. */
  private inTurn(write: () => Promise<void>): void {
    this.saving = this.saving
      .then(write)
      .catch((error: unknown) => console.error("HunkBridge: could not save the screen-pops", error));
  }
}

function askerOf(sender: FillAsker): { tabId: number; url: string } | null {
  const tabId = (sender.tab as { id?: unknown } | undefined)?.id;
  if (typeof tabId !== "number" || typeof sender.url !== "string") return null;
  if (sender.frameId !== undefined && sender.frameId !== 0) return null;
  // A prerendered page, or one already unloading, is not the page the agent looks at.
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== "active") return null;
  return { tabId, url: sender.url };
}

function withoutFragment(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = "";
    return parsed.href;
  } catch {
    return null;
  }
}
