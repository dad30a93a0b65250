/**
 * Fills the admin's fieldMap fields on screen-pop. Values go in through the native value setter
 * plus input/change events, so pages built with React-style controlled inputs keep them.
 */
import type { FieldFill } from "../../src/protocol/messages.ts";

export function fillFields(doc: Document, fill: FieldFill[]): { filled: number; missing: string[] } {
  let filled = 0;
  const missing: string[] = [];
  for (const { selector, value } of fill) {
    let target: Element | null = null;
    try {
      target = doc.querySelector(selector);
    } catch {
      // An admin's selector that isn't valid CSS: report it like a missing field.
    }
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
      missing.push(selector);
      continue;
    }
    const proto =
      target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(target, value);
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.dispatchEvent(new Event("change", { bubbles: true }));
    filled++;
  }
  return { filled, missing };
}
