/**
 * Tells the service worker what the agent has typed into Hunkware and not saved yet, so a
 * screen-pop that navigates this tab away can keep it. Only the agent's own (trusted) input
 * counts; a submit means saved. Passwords, card details and one-time codes are never reported.
 */
import type { DraftField } from "../../protocol/messages.ts";

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const SKIPPED_TYPES = new Set(["hidden", "password", "submit", "button", "reset", "file", "image"]);

function isEditableControl(node: EventTarget | null): node is Control {
  if (!(node instanceof HTMLElement)) return false;
  if (node instanceof HTMLInputElement) return !SKIPPED_TYPES.has(node.type);
  return node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement;
}

/**
 * Card details and one-time codes are as secret as passwords, but sit in text inputs: their
 * autocomplete tokens (after any section-, shipping or billing prefix) tell them apart.
 */
function isSecretControl(control: Control): boolean {
  const tokens = (control.getAttribute("autocomplete") ?? "").toLowerCase().split(/\s+/);
  return tokens.some((token) => token.startsWith("cc-") || token === "one-time-code");
}

function labelOf(control: Control): string {
  const label = control.labels?.[0]?.textContent?.trim();
  return (label || control.getAttribute("aria-label") || control.name || control.id || "field").slice(0, 200);
}

/**
 * The edited controls' current values, each with its `key`: the control's `#id`, else its
 * `[name="…"]`. Nothing puts values back into the page (the agent reads a kept draft, label and
 * value, on the Hunkware card); the key only decides that a control with neither id nor name is
 * not reported. Secret controls are left out here, when sending, so that one marked so after the
 * edit is too.
 */
export function draftFields(controls: Iterable<Control>): DraftField[] {
  const fields: DraftField[] = [];
  for (const control of controls) {
    const key = control.id ? `#${control.id}` : control.name ? `[name="${control.name}"]` : null;
    if (!key || !control.isConnected || isSecretControl(control)) continue;
    fields.push({ key: key.slice(0, 200), label: labelOf(control), value: control.value.slice(0, 20_000) });
  }
  return fields;
}

/** Starts reporting; the returned function stops it. */
export function reportDrafts(
  doc: Document,
  send: (fields: DraftField[]) => void,
  debounceMs = 300,
): () => void {
  const edited = new Set<Control>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    send(draftFields(edited));
  };
  const onEdit = (event: Event) => {
    if (!event.isTrusted || !isEditableControl(event.target)) return;
    edited.add(event.target);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const onSubmit = () => {
    edited.clear();
    if (timer) clearTimeout(timer);
    timer = null;
    send([]);
  };
  doc.addEventListener("input", onEdit, true);
  doc.addEventListener("change", onEdit, true);
  doc.addEventListener("submit", onSubmit, true);
  return () => {
    if (timer) clearTimeout(timer);
    doc.removeEventListener("input", onEdit, true);
    doc.removeEventListener("change", onEdit, true);
    doc.removeEventListener("submit", onSubmit, true);
  };
}
