// Where a task carries the client's number (CONTRACT §2), in one place: an inbound caller's is
// `from`, else Flex's `caller`; a lead's is `phone`. The card, the screen-pop address and the
// callback memory all read it from here.
import { attributeText, type TaskAttributes } from "./attributes.ts";
import type { TaskOrigin } from "./origin.ts";
import { normalizeNanp } from "./phone.ts";

const CALLER_PHONE = ["from", "caller"] as const;
const LEAD_PHONE = ["phone"] as const;

/** The attributes that may hold the client's number, in order of preference. */
export function phoneAttributes(origin: TaskOrigin): readonly string[] {
  return origin === "inbound" ? CALLER_PHONE : LEAD_PHONE;
}

/** The client's number as the task gives it (the first attribute present), for display. */
export function clientPhoneText(attrs: TaskAttributes, origin: TaskOrigin): string | null {
  for (const name of phoneAttributes(origin)) {
    const text = attributeText(attrs, name);
    if (text !== null) return text;
  }
  return null;
}

/** The first of those attributes that is a valid North American number, as its 10 digits. */
export function clientPhone10(attrs: TaskAttributes, origin: TaskOrigin): string | null {
  for (const name of phoneAttributes(origin)) {
    const raw = attributeText(attrs, name);
    const phone = raw === null ? null : normalizeNanp(raw);
    if (phone?.ok) return phone.digits10;
  }
  return null;
}
