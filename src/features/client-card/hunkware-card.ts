/**
 * The client card injected into Hunkware (`hb-client-card`) with the dial countdown beside it
 * (`hb-dial-countdown`). Built once, then updated in place; every value is set with textContent,
 * because everything in a task is untrusted text.
 */

import { MISSING } from "../../domain/client-card.ts";
import { dialCountdownText } from "../../domain/countdown.ts";
import { reservationOriginText } from "../../domain/origin-words.ts";
import { dialCountdownDeadline } from "../../domain/reservation.ts";
import type { KeptDraftView } from "../../protocol/messages.ts";
import type { CardModel } from "./card-model.ts";
import { CARD_STYLE } from "./hunkware-card-style.ts";

const ROOT_ID = "hb-client-card-root";

type Rows = "name" | "phone" | "origin" | "leadId" | "email" | "address" | "service";
const ROWS: Array<[Rows, string]> = [
  ["name", "Name"],
  ["phone", "Phone"],
  ["origin", "Origin"],
  ["leadId", "Lead ID"],
  ["email", "Email"],
  ["address", "Address"],
  ["service", "Service"],
];

export interface DraftActions {
  show(id: string): void;
  dismiss(id: string): void;
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls: string, text?: string) {
  const node = doc.createElement(tag);
  node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function build(doc: Document): HTMLElement {
  const root = el(doc, "aside", "hb-card");
  root.id = ROOT_ID;
  root.dataset.testid = "hb-client-card";
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", "HunkBridge client card");
  const style = doc.createElement("style");
  style.textContent = CARD_STYLE;
  const head = el(doc, "div", "hb-card-head");
  head.append(el(doc, "strong", "hb-card-title", "Client"));
  const countdown = el(doc, "span", "hb-card-countdown");
  countdown.dataset.testid = "hb-dial-countdown";
  // A timer is not read out as it ticks; the card's status line says "Dialing…" once (below).
  countdown.setAttribute("role", "timer");
  countdown.setAttribute("aria-label", "Time before the client is dialed");
  // The countdown's phase, said once by screen readers: when it starts, and "Dialing…".
  const phase = el(doc, "span", "hb-sr-only");
  phase.setAttribute("role", "status");
  phase.setAttribute("aria-live", "polite");
  head.append(countdown, phase);
  const list = el(doc, "dl", "hb-card-rows");
  for (const [key, label] of ROWS) {
    const dt = el(doc, "dt", "hb-card-label", label);
    const dd = el(doc, "dd", "hb-card-value");
    dd.dataset.field = key;
    list.append(dt, dd);
  }
  const problem = el(doc, "p", "hb-card-problem");
  problem.setAttribute("role", "note");
  const waiting = el(doc, "p", "hb-card-waiting");
  waiting.setAttribute("role", "status");
  const drafts = el(doc, "div", "hb-card-drafts");
  root.append(style, head, list, problem, waiting, drafts);
  return root;
}

/** Shows, updates or removes the card; safe to call as often as the view changes. */
export function renderCard(
  doc: Document,
  model: CardModel | null,
  nowMs: number,
  actions: DraftActions,
): void {
  let root = doc.getElementById(ROOT_ID);
  if (!model) {
    root?.remove();
    return;
  }
  if (!root) {
    root = build(doc);
    (doc.body ?? doc.documentElement).append(root);
  }
  const { reservation: r } = model;
  root.dataset.reservation = r.sid;
  root.dataset.origin = r.origin;
  const values: Record<Rows, string | null> = {
    name: r.client.name,
    phone: r.client.phone,
    origin: reservationOriginText(r),
    leadId: r.client.leadId,
    email: r.client.email,
    address: r.client.address,
    service: r.client.service,
  };
  for (const [key] of ROWS) {
    const dd = root.querySelector<HTMLElement>(`dd[data-field="${key}"]`);
    setText(dd, values[key] ?? MISSING);
  }
  renderCountdown(root, model, nowMs);
  const problem = root.querySelector<HTMLElement>(".hb-card-problem");
  setText(problem, r.problem ? `Some of this task's data could not be read: ${r.problem}` : "");
  if (problem) problem.hidden = !r.problem;
  const waiting = root.querySelector<HTMLElement>(".hb-card-waiting");
  setText(
    waiting,
    model.waiting ? `Another client is waiting in Flex: ${model.waiting.client.name ?? MISSING}` : "",
  );
  if (waiting) waiting.hidden = !model.waiting;
  renderDrafts(doc, root.querySelector<HTMLElement>(".hb-card-drafts"), model.keptDrafts, actions);
}

/** Only the countdown changes every tick; the rest of the card is left alone. */
export function renderCountdown(root: HTMLElement, model: CardModel, nowMs: number): void {
  const countdown = root.querySelector<HTMLElement>('[data-testid="hb-dial-countdown"]');
  if (!countdown) return;
  const dialAtMs = dialCountdownDeadline(model.reservation);
  countdown.hidden = dialAtMs === null;
  const text = dialAtMs === null ? "" : dialCountdownText(dialAtMs, nowMs);
  setText(countdown, text);
  const phase = countdown.parentElement?.querySelector<HTMLElement>(".hb-sr-only[role=status]");
  if (!phase) return;
  if (text === "") setText(phase, "");
  else if (!/\d/.test(text)) setText(phase, text);
  else if (phase.textContent === "") setText(phase, `The client is dialed in ${text}`);
}

function renderDrafts(
  doc: Document,
  box: HTMLElement | null,
  drafts: KeptDraftView[],
  actions: DraftActions,
): void {
  if (!box) return;
  const key = drafts.map((d) => d.id).join(",");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren();
  for (const draft of drafts) {
    const item = el(doc, "div", "hb-card-draft");
    item.setAttribute("role", "alert");
    item.append(
      el(
        doc,
        "span",
        "",
        `Unsaved edits kept from ${draft.title || draft.url} (${draft.fieldCount} fields). `,
      ),
    );
    const show = el(doc, "button", "hb-card-button", "Show");
    show.type = "button";
    show.addEventListener("click", () => actions.show(draft.id));
    const dismiss = el(doc, "button", "hb-card-button", "Dismiss");
    dismiss.type = "button";
    dismiss.addEventListener("click", () => actions.dismiss(draft.id));
    item.append(show, dismiss);
    box.append(item);
  }
}

function setText(node: HTMLElement | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}
