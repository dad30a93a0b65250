/**
 * What the dialpad overlay does with the number in Flex's outbound dialer input, as a pure rule:
 *
 * - a valid NANP number is shown as 1-xxx-xxx-xxxx without the "9" outside-line prefix
 *   (normalizeNanp), written back on paste and on blur/change, and while typing only once the digits
 *   form a complete number that can't grow into another one (ten digits starting with 9 could still
 *   be 9 + a ten-digit number, so those wait for the blur);
 * - an invalid one is flagged (its reason is the hint) on paste and on blur/change; while typing the
 *   agent isn't interrupted, but the Call button stays off as long as the number is invalid.
 */
import { normalizeNanp } from "../../domain/phone.ts";

export type DialMoment = "typing" | "paste" | "blur";

export interface DialDecision {
  /** The value to write back into the input, or null to leave it. */
  write: string | null;
  /** The number can't be dialed: the Call button is disabled. */
  invalid: boolean;
  /** Why it can't be dialed, in words for the agent; null when valid or empty. */
  reason: string | null;
}

/** "9" + a number whose typing may not be finished: 9617555012 might become 9-617-555-0123. */
function mayStillGrow(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  return !value.trim().startsWith("+") && digits.length === 10 && digits.startsWith("9");
}

export function decideDial(value: string, moment: DialMoment): DialDecision {
  if (value.trim() === "") return { write: null, invalid: false, reason: null };
  const phone = normalizeNanp(value);
  if (!phone.ok) return { write: null, invalid: true, reason: phone.error };
  const settled = moment !== "typing" || !mayStillGrow(value);
  return { write: settled && value !== phone.display ? phone.display : null, invalid: false, reason: null };
}

/** What the agent reads when HunkBridge's listener on Flex's Actions did not dial a number. */
export function refusedDialText(reason: string): string {
  return `Not dialed: ${reason}`;
}
