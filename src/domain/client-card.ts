/**
 * What the agent is shown about a client: the task attributes of CONTRACT §2 reduced to display
 * text (or null, which views render as "—"). Everything here is untrusted text; views put it in
 * the page with textContent only.
 */
import { attributeText, type TaskAttributes } from "./attributes.ts";
import { clientPhoneText } from "./client-phone.ts";
import type { TaskOrigin } from "./origin.ts";
import { formatPhoneForDisplay } from "./phone.ts";

export type ClientCard = {
  name: string | null;
  /** 1-xxx-xxx-xxxx when it is a North American number, else the text as given. */
  phone: string | null;
  leadId: string | null;
  email: string | null;
  address: string | null;
  zip: string | null;
  service: string | null;
};

export function clientCard(attrs: TaskAttributes, origin: TaskOrigin): ClientCard {
  const rawPhone = clientPhoneText(attrs, origin);
  return {
    name: attributeText(attrs, "name"),
    phone: rawPhone === null ? null : formatPhoneForDisplay(rawPhone),
    leadId: attributeText(attrs, "lead_id"),
    email: attributeText(attrs, "email"),
    address: attributeText(attrs, "address"),
    zip: attributeText(attrs, "zip"),
    service: attributeText(attrs, "service"),
  };
}

/** How a missing value reads (CONTRACT §2): a dash, never "undefined" or "null". */
export const MISSING = "—";
