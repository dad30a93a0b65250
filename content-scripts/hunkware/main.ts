/**
 * Hunkware content script: draws the client card for the task in hand with the dial countdown,
 * fills the admin's fieldMap once per client, and reports unsaved edits so none are lost.
 * Registered at document_start, and injected into Hunkware tabs that were open before the
 * extension was ready.
 */

import { dialCountdownDeadline } from "../../src/domain/reservation.ts";
import { connectView, request } from "../../src/protocol/client.ts";
import {
  type AgentView,
  type DraftField,
  type HunkwarePageReply,
  parse,
  ToHunkwarePage,
} from "../../src/protocol/messages.ts";
import { claimPage } from "../shared/single-instance.ts";
import { type CardModel, cardModel } from "./card-model.ts";
import { renderCard, renderCountdown } from "./client-card.ts";
import { reportDrafts } from "./draft-reporter.ts";
import { fillFields } from "./field-filler.ts";
import { pagePrefetch } from "./page-prefetch.ts";

const TICK_MS = 250;
let model: CardModel | null = null;
let ticker: ReturnType<typeof setInterval> | null = null;
const filled = new Set<string>();
// Chrome's own runtime: in MV3 it returns promises, and content scripts are kept small
// (webextension-polyfill adds ~10 kB to each).
const { runtime } = chrome;

const draftActions = {
  show: (id: string) => {
    request(runtime, { type: "get-draft", draftId: id }).then(
      (reply) => showDraft(id, reply.draft),
      (error: unknown) => console.warn("HunkBridge: could not get the kept draft", error),
    );
  },
  dismiss: (id: string) => {
    void request(runtime, { type: "dismiss-draft", draftId: id }).catch(() => {});
  },
};

function render(): void {
  renderCard(document, model, Date.now(), draftActions);
  // Tick only while the dial countdown runs (the same rule renderCountdown shows it by).
  const counting = model !== null && dialCountdownDeadline(model.reservation) !== null;
  if (counting && !ticker) {
    ticker = setInterval(() => {
      const root = document.getElementById("hb-client-card-root");
      if (root && model) renderCountdown(root, model, Date.now());
    }, TICK_MS);
  } else if (!counting && ticker) {
    clearInterval(ticker);
    ticker = null;
  }
}

/** Lost contact with the extension keeps the card as it was (onLost is a no-op): the client is the same. */
function onView(view: AgentView): void {
  model = cardModel(view);
  whenBodyExists(render);
  const sid = model?.reservation.sid;
  if (sid && !filled.has(sid)) {
    filled.add(sid);
    request(runtime, { type: "get-screen-pop", reservationSid: sid }).then(
      (reply) =>
        whenParsed(() => {
          fillFields(document, reply.fill);
          fillSettled(sid, reply.fill.length);
        }),
      (error: unknown) => {
        console.warn("HunkBridge: could not get the fields to fill", error);
        fillSettled(sid, 0);
      },
    );
  }
}

/**
 * In the page's performance timeline (shared by every world), for QA and the benchmarks: this
 * client's fill is over on this page, with how many fields the extension gave (0: none here, as on
 * a page that is not the one the screen-pop opened, or after a reload).
 */
function fillSettled(reservationSid: string, fields: number): void {
  performance.mark("hunkbridge:fill-settled", { detail: { reservationSid, fields } });
}

function showDraft(id: string, fields: DraftField[]): void {
  const text = fields.map((f) => `${f.label}: ${f.value}`).join("\n");
  const box = document.querySelector<HTMLElement>(".hb-card-drafts");
  if (!box) return;
  let pre = box.querySelector<HTMLElement>(`pre[data-draft="${CSS.escape(id)}"]`);
  if (!pre) {
    pre = document.createElement("pre");
    pre.dataset.draft = id;
    pre.style.whiteSpace = "pre-wrap";
    pre.style.margin = "4px 0 0";
    box.append(pre);
  }
  pre.textContent = text;
}

/**
 * Runs as soon as the parser has created <body>, well before DOMContentLoaded on a long page:
 * the card should not wait for the rest of Hunkware to load.
 */
function whenBodyExists(fn: () => void): void {
  if (document.body) {
    fn();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!document.body) return;
    observer.disconnect();
    fn();
  });
  observer.observe(document.documentElement, { childList: true });
}

/** The form fields to fill exist once the document is parsed. */
function whenParsed(fn: () => void): void {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
  else fn();
}

/**
 * The offer window's prefetch, asked for by the service worker alone: its messages come from this
 * extension with no tab (a content script's would carry one). Answered at once.
 */
function listenForPrefetch(): () => void {
  const prefetch = pagePrefetch(document, location);
  const listener = (
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (reply: HunkwarePageReply) => void,
  ): false => {
    if (sender.id !== runtime.id || sender.tab !== undefined) return false;
    const parsed = parse(ToHunkwarePage, message);
    if (!parsed.ok) {
      console.warn(`HunkBridge: ignored a prefetch message: ${parsed.error}`);
      sendResponse({ done: false });
      return false;
    }
    const { value } = parsed;
    sendResponse({
      done: value.type === "prepare-page" ? prefetch.prepare(value.url) : prefetch.open(value.url),
    });
    return false;
  };
  runtime.onMessage.addListener(listener);
  return () => {
    runtime.onMessage.removeListener(listener);
    prefetch.stop();
  };
}

function start(): { stop(): void } {
  // Connect at document_start: the view arrives while the page is still loading, and the card
  // is drawn the moment there is a body to put it in.
  const view = connectView({
    runtime,
    onView,
    onLost: () => {},
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  const stopPrefetch = listenForPrefetch();
  const stopDrafts = reportDrafts(document, (fields) => {
    void request(runtime, {
      type: "hunkware-draft",
      url: location.href,
      title: document.title,
      fields,
    }).catch(() => {});
  });
  return {
    stop() {
      view.close();
      stopDrafts();
      stopPrefetch();
      if (ticker) clearInterval(ticker);
      ticker = null;
      renderCard(document, null, Date.now(), draftActions);
    },
  };
}

let running: { stop(): void } | null = null;
if (claimPage(document, "hunkware-card", { stop: () => running?.stop() })) running = start();
