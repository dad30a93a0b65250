// When a web lead was submitted, as the Twilio workflow may say in the task attribute
// `lead_created_at`: ISO 8601 with a time zone, or epoch seconds or milliseconds (a number or digits).
// Untrusted like every attribute: a value that can't be a lead time is ignored, never guessed at.
import type { TaskAttributes } from "../../domain/attributes.ts";

export const LEAD_CREATED_AT = "lead_created_at";

// A zone is required: without one the same text means a different moment on every agent's machine.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH_DIGITS = /^\d{1,16}(\.\d+)?$/;
/** Below this an epoch number is seconds: 1e11 s is the year 5138, 1e11 ms is March 1973. */
const SECONDS_BELOW = 1e11;
/** Earlier than this is a unit mix-up (milliseconds read as seconds), not a real lead. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** A lead "submitted" after its offer by more than clock skew is a wrong value, not a fast lead. */
export const MAX_LEAD_AFTER_OFFER_MS = 5 * 60_000;

function epochMs(value: number): number {
  return value < SECONDS_BELOW ? value * 1000 : value;
}

function parse(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? epochMs(value) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (EPOCH_DIGITS.test(text)) return epochMs(Number(text));
  // "+0500" is ISO 8601 too, but Date.parse only promises the extended form "+05:00".
  if (ISO_WITH_ZONE.test(text)) return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return null;
}

/** The lead's submission time in epoch ms, or null when the attribute is missing or implausible. */
export function leadCreatedAtMs(attrs: TaskAttributes, offeredAtMs: number): number | null {
  if (!Object.hasOwn(attrs, LEAD_CREATED_AT)) return null;
  const ms = parse(attrs[LEAD_CREATED_AT]);
  if (ms === null || !Number.isFinite(ms) || ms < EARLIEST_MS) return null;
  return ms > offeredAtMs + MAX_LEAD_AFTER_OFFER_MS ? null : Math.round(ms);
}
