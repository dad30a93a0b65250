/**
 * Fills the admin's fieldMap fields on screen-pop. Values go in through the native value setter
 * plus input/change events (../shared/native-value.ts), so pages built with React-style controlled
 * inputs keep them. A selector that matches no input or textarea, or isn't valid CSS, is skipped.
 */

import { writeInputValue } from "../../../content-scripts/shared/native-value.ts";
import type { FieldFill } from "../../protocol/messages.ts";

export function fillFields(doc: Document, fill: FieldFill[]): void {
  for (const { selector, value } of fill) {
    let target: Element | null = null;
    try {
      target = doc.querySelector(selector);
    } catch {
      // An admin's selector that isn't valid CSS: skipped like a missing field.
    }
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
      writeInputValue(target, value, ["input", "change"]);
    }
  }
}
