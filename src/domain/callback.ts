// A client calling back: an inbound call to the number clients see on our outbound calls
// (`outboundCallerId`, CONTRACT §1–2). Apart from origin.ts so that the origin rule, which the
// MAIN-world script on Flex also runs, never pulls in the phone-number library.
import { attributeText, type TaskAttributes } from "./attributes.ts";
import { classifyOrigin } from "./origin.ts";
import { sameNanpNumber } from "./phone.ts";

export function isCallback(attrs: TaskAttributes, outboundCallerId: string): boolean {
  return classifyOrigin(attrs) === "inbound" && sameNanpNumber(attributeText(attrs, "to"), outboundCallerId);
}
