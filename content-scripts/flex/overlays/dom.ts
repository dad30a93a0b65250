/**
 * Small idempotent DOM writes shared by the overlays: every helper first reads, and writes only
 * when the page differs from what we want, so re-applying after any Flex re-render is cheap and
 * causes no further mutations. Text goes in with textContent only, never as markup.
 */

/** Every node we add carries this attribute (its value names the overlay). */
export const OVERLAY_ATTR = "data-hb-overlay";

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

/**
 * Our overlay of this kind directly inside `parent`, created by `create` when missing. New
 * overlays go last: a React-like renderer places its own children relative to its own nodes, so
 * a foreign node after them is never moved around or in the way.
 */
export function ensureOverlay(
  parent: Element,
  kind: string,
  create: (doc: Document) => HTMLElement,
): HTMLElement {
  return (
    findOverlay(parent, kind) ?? placeOverlay(kind, create(parent.ownerDocument), (el) => parent.append(el))
  );
}

/** Our overlay of this kind beside `ref` (same parent), inserted right after it when missing. */
export function ensureOverlayAfter(
  ref: Element,
  kind: string,
  create: (doc: Document) => HTMLElement,
): HTMLElement {
  const parent = ref.parentElement;
  if (!parent) return ensureOverlay(ref, kind, create);
  return findOverlay(parent, kind) ?? placeOverlay(kind, create(ref.ownerDocument), (el) => ref.after(el));
}

function findOverlay(parent: Element, kind: string): HTMLElement | null {
  for (const child of parent.children) {
    if (child.getAttribute(OVERLAY_ATTR) === kind) return child as HTMLElement;
  }
  return null;
}

function placeOverlay(kind: string, el: HTMLElement, insert: (el: HTMLElement) => void): HTMLElement {
  el.setAttribute(OVERLAY_ATTR, kind);
  insert(el);
  return el;
}

/** Removes overlays of this kind that are not in `keep` (their anchor no longer wants them). */
export function removeOverlays(root: ParentNode, kind: string, keep: ReadonlySet<Element> = new Set()): void {
  for (const el of root.querySelectorAll(`[${OVERLAY_ATTR}="${kind}"]`)) {
    if (!keep.has(el)) el.remove();
  }
}

export function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * Remembers how Flex had a control before we disabled it, so that lifting the block leaves it
 * exactly as Flex made it. `marker` names who disabled it (the transfer guard, the dialpad).
 */
export function disableControl(el: Element, marker: string): void {
  if (!el.hasAttribute(marker)) {
    const aria = el.getAttribute("aria-disabled");
    el.setAttribute(marker, `${el.hasAttribute("disabled") ? "1" : "0"}${aria === null ? "" : `:${aria}`}`);
  }
  setAttr(el, "disabled", "");
  setAttr(el, "aria-disabled", "true");
}

/**
 * Flex itself changed `disabled` or `aria-disabled` on a control we hold disabled (the observer
 * reports only Flex's writes, never ours): what Flex set now is what lifting the block restores.
 */
export function noteFlexChange(el: Element, marker: string, attribute: string): void {
  const saved = el.getAttribute(marker);
  if (saved === null) return;
  let disabled = saved.slice(0, 1);
  let aria = saved.slice(1);
  if (attribute === "disabled") disabled = el.hasAttribute("disabled") ? "1" : "0";
  else if (attribute === "aria-disabled") {
    const value = el.getAttribute("aria-disabled");
    aria = value === null ? "" : `:${value}`;
  } else return;
  el.setAttribute(marker, `${disabled}${aria}`);
}

export function restoreControl(el: Element, marker: string): void {
  const saved = el.getAttribute(marker);
  if (saved === null) return;
  const wasDisabled = saved.startsWith("1");
  const aria = saved.length > 1 ? saved.slice(2) : null;
  if (!wasDisabled) setAttr(el, "disabled", null);
  setAttr(el, "aria-disabled", aria);
  el.removeAttribute(marker);
}

export function restoreAll(root: ParentNode, marker: string, except: ReadonlySet<Element> = new Set()): void {
  for (const el of root.querySelectorAll(`[${marker}]`)) {
    if (!except.has(el)) restoreControl(el, marker);
  }
}

/** Stops an event before Flex's handlers (document capture runs before React's root listener). */
export function swallow(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}
