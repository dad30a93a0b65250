/**
 * Overlays that stand once on the page (a banner, a chip, a notice): the overlay of this kind
 * stays inside its current anchor only, so a copy left inside an anchor Flex has since replaced
 * goes, and without an anchor (absent, or nothing to show) none stays.
 */
import { ensureOverlay, removeOverlays } from "./dom.ts";

/** The one overlay of this kind inside `parent`, created by `create` when missing; null without a parent. */
export function placeSingleOverlay(
  doc: Document,
  kind: string,
  parent: Element | null,
  create: (doc: Document) => HTMLElement,
): HTMLElement | null {
  if (!parent) {
    removeOverlays(doc, kind);
    return null;
  }
  const overlay = ensureOverlay(parent, kind, create);
  removeOverlays(doc, kind, new Set([overlay]));
  return overlay;
}
