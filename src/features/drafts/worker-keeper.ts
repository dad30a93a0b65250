/**
 * Unsaved Hunkware edits. The Hunkware content script reports the agent's unsaved fields as they
 * type; when a screen-pop is about to navigate that tab away, the draft is kept (in
 * chrome.storage.session) and shown on the next client card, so nothing is lost silently.
 */
import * as v from "valibot";
import { exactly, type Persisted } from "../../background/persisted.ts";
import type { DraftField, KeptDraftView } from "../../protocol/messages.ts";

export type Draft = { url: string; title: string; fields: DraftField[] };
export type KeptDraft = Draft & { id: string; savedAtMs: number };
export type DraftState = { open: Record<string, Draft>; kept: KeptDraft[] };

const StoredDraft = {
  url: v.string(),
  title: v.string(),
  fields: v.array(v.object({ key: v.string(), label: v.string(), value: v.string() })),
};

/** As kept (stores.ts `drafts`): open drafts by tab id, kept ones newest first. */
export const StoredDrafts = exactly<DraftState>()(
  v.object({
    open: v.record(v.string(), v.object(StoredDraft)),
    kept: v.array(v.object({ ...StoredDraft, id: v.string(), savedAtMs: v.number() })),
  }),
);

export const KEPT_DRAFTS_LIMIT = 10;
/**
 * What the drafts may take of chrome.storage.session, serialized: its 10 MB are shared with the
 * agent's tokens, and a full storage would stop sign-in. One protocol-sized draft can reach
 * several MB, so a count alone does not bound it.
 */
export const DRAFTS_BYTES_LIMIT = 1_000_000;

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/** Logged without the values: they may be a client's personal details. */
function warnDropped(draft: Draft, why: string): void {
  console.warn(`HunkBridge: unsaved edits on "${draft.title}" (${draft.url}) not kept: ${why}`);
}

/**
 * The state cut to its budget. Unsaved edits still on their page may take only half of it, the
 * largest dropped first, so that a screen-pop can always keep one; kept drafts fill the rest,
 * the oldest dropped first.
 */
function withinBudget(state: DraftState): DraftState {
  const open = { ...state.open };
  const kept = [...state.kept];
  while (bytes(open) > DRAFTS_BYTES_LIMIT / 2) {
    const [tab, largest] = Object.entries(open).sort(([, a], [, b]) => bytes(b) - bytes(a))[0] ?? [];
    if (!tab || !largest) break;
    delete open[tab];
    warnDropped(largest, "too large to keep");
  }
  while (kept.length > KEPT_DRAFTS_LIMIT || (kept.length > 0 && bytes({ open, kept }) > DRAFTS_BYTES_LIMIT)) {
    warnDropped(kept.pop() as KeptDraft, "the oldest of too many kept drafts");
  }
  return { open, kept };
}

export class DraftKeeper {
  private state: DraftState = { open: {}, kept: [] };

  constructor(
    private readonly store: Persisted<DraftState>,
    private readonly changed: () => void,
  ) {}

  /** Never rejects: the service worker restores this before it signs in. */
  async restore(): Promise<void> {
    try {
      this.state = (await this.store.load()) ?? this.state;
    } catch (error) {
      console.error("HunkBridge: could not restore kept drafts", error);
    }
  }

  /** The tab's latest unsaved fields; an empty list means saved (or nothing edited). */
  report(tabId: number, draft: Draft): void {
    const open = { ...this.state.open };
    if (draft.fields.length > 0) open[String(tabId)] = draft;
    else delete open[String(tabId)];
    this.commit({ ...this.state, open }, false);
  }

  /** The tab is about to be navigated away: keep what it had unsaved. Returns the kept draft. */
  keepOpenDraft(tabId: number, nowMs: number): KeptDraft | null {
    const draft = this.state.open[String(tabId)];
    if (!draft) return null;
    const kept: KeptDraft = { ...draft, id: `${tabId}-${nowMs}`, savedAtMs: nowMs };
    const open = { ...this.state.open };
    delete open[String(tabId)];
    this.commit({ open, kept: [kept, ...this.state.kept] }, true);
    return kept;
  }

  /** A closed tab's unsaved edits are gone with it; don't keep stale ones around. */
  forgetTab(tabId: number): void {
    if (!(String(tabId) in this.state.open)) return;
    const open = { ...this.state.open };
    delete open[String(tabId)];
    this.commit({ ...this.state, open }, false);
  }

  fields(id: string): DraftField[] {
    const draft = this.state.kept.find((d) => d.id === id);
    if (!draft) throw new Error("that draft is no longer kept");
    return draft.fields;
  }

  /** The agent is signed out, or another agent signed in: their drafts are nobody else's to see. */
  forgetAll(): void {
    this.state = { open: {}, kept: [] };
    void this.persist(null);
    this.changed();
  }

  dismiss(id: string): void {
    this.commit({ ...this.state, kept: this.state.kept.filter((d) => d.id !== id) }, true);
  }

  view(): KeptDraftView[] {
    return this.state.kept.map((d) => ({
      id: d.id,
      url: d.url,
      title: d.title,
      savedAtMs: d.savedAtMs,
      fieldCount: d.fields.length,
    }));
  }

  private commit(next: DraftState, visible: boolean): void {
    this.state = withinBudget(next);
    void this.persist(this.state);
    if (visible) this.changed();
  }

  /**
   * A failed save (storage.session full) must not reach the caller, which may be the screen-pop
   * or a message handler: the drafts stay in memory until the service worker stops. Null clears.
   */
  private async persist(state: DraftState | null): Promise<void> {
    try {
      await (state ? this.store.save(state) : this.store.clear());
    } catch (error) {
      console.error("HunkBridge: could not save the drafts", error);
    }
  }
}
