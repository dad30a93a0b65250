/**
 * Unsaved Hunkware edits. The Hunkware content script reports the agent's unsaved fields as they
 * type; when a screen-pop is about to navigate that tab away, the draft is kept (in
 * chrome.storage.session) and shown on the next client card, so nothing is lost silently.
 */
import type { DraftField, KeptDraftView } from "../protocol/messages.ts";

export type Draft = { url: string; title: string; fields: DraftField[] };
export type KeptDraft = Draft & { id: string; savedAtMs: number };
export type DraftState = { open: Record<string, Draft>; kept: KeptDraft[] };

export const KEPT_DRAFTS_LIMIT = 10;

export interface DraftStore {
  load(): Promise<DraftState | null>;
  save(state: DraftState): Promise<void>;
}

export class DraftKeeper {
  private state: DraftState = { open: {}, kept: [] };

  constructor(
    private readonly store: DraftStore,
    private readonly changed: () => void,
  ) {}

  async restore(): Promise<void> {
    this.state = (await this.store.load()) ?? this.state;
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
    this.commit({ open, kept: [kept, ...this.state.kept].slice(0, KEPT_DRAFTS_LIMIT) }, true);
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
    this.state = next;
    void this.store
      .save(next)
      .catch((error: unknown) => console.error("HunkBridge: could not keep a draft", error));
    if (visible) this.changed();
  }
}
