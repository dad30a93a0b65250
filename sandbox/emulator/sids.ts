import { randomBytes } from "node:crypto";

/**
 * Twilio resource sids: a two-letter type prefix and 32 lowercase hex digits. Code under test
 * (and QA reading logs) recognise resources by prefix, e.g. a transfer target must be a `WQ…`.
 */
export type SidPrefix =
  | "AC" // account
  | "WS" // workspace
  | "WK" // worker
  | "WA" // activity
  | "WQ" // task queue
  | "WT" // task
  | "WR" // reservation
  | "WC" // worker channel
  | "TC" // task channel
  | "TT" // task transfer
  | "WW" // workflow
  | "SK" // API signing key (the `iss` of worker tokens)
  | "CA"; // call (inbound task attributes)

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString("hex");
}

export function hasPrefix(sid: unknown, prefix: SidPrefix): sid is string {
  return typeof sid === "string" && /^[A-Z]{2}[0-9a-f]{32}$/.test(sid) && sid.startsWith(prefix);
}
