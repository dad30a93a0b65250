/**
 * Drafts in the service worker: what the agent typed in Hunkware and did not save is kept when a
 * screen-pop navigates its tab away (worker-keeper.ts), shown on the next client card and in the
 * popup, and goes with the agent's clients.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { DraftKeeper, type KeptDraft } from "./worker-keeper.ts";

export interface DraftsPart extends WorkerPart {
  /** The tab is about to be navigated away: its unsaved edits are kept (null: there were none). */
  keepOpenDraft(tabId: number): KeptDraft | null;
}

export function startDrafts(core: WorkerCore): DraftsPart {
  const drafts = new DraftKeeper(core.stores.drafts, () => core.publish({ keptDrafts: drafts.view() }));
  return {
    keepOpenDraft: (tabId) => drafts.keepOpenDraft(tabId, core.now()),
    handlers: {
      "hunkware-draft": async (r, sender) => {
        drafts.report(senderTabId(sender), { url: r.url, title: r.title, fields: r.fields });
        return undefined;
      },
      "get-draft": async (r) => ({ draft: drafts.fields(r.draftId) }),
      "dismiss-draft": async (r) => void drafts.dismiss(r.draftId),
    },
    restore: () => drafts.restore(),
    view: () => ({ keptDrafts: drafts.view() }),
    forgetClients: () => drafts.forgetAll(),
    tabRemoved(tabId) {
      drafts.forgetTab(tabId);
      return undefined;
    },
  };
}

function senderTabId(sender: { tab?: unknown }): number {
  const id = (sender.tab as { id?: number } | undefined)?.id;
  if (id === undefined) throw new Error("this request must come from a tab");
  return id;
}
