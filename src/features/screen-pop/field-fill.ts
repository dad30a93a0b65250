/**
 * The admin's fieldMap (CSS selector in Hunkware → task attribute) turned into the values to
 * fill on screen-pop. Attributes without a value are skipped rather than filled with "—".
 */
import { attributeText, type TaskAttributes } from "../../domain/attributes.ts";
import type { FieldFill } from "../../protocol/messages.ts";

export function fieldsToFill(fieldMap: Record<string, string>, attrs: TaskAttributes): FieldFill[] {
  const fill: FieldFill[] = [];
  for (const [selector, attribute] of Object.entries(fieldMap)) {
    const value = attributeText(attrs, attribute);
    if (value !== null) fill.push({ selector, value });
  }
  return fill;
}
