import type { AdminTaskKind, TaskKind } from "./model.ts";
import { newSid } from "./sids.ts";

/**
 * Default task attributes, shaped like what CHHJ's Twilio workflow puts on tasks (CONTRACT §2).
 * Deterministic per sequence number `n` (1, 2, …) so logs and assertions are readable.
 */

const CLIENTS = [
  { name: "Grace Hopper", address: "12 Beacon St, Boston, MA", zip: "02108", service: "Junk Removal" },
  { name: "Alan Turing", address: "48 Elm St, Cambridge, MA", zip: "02139", service: "Moving" },
  { name: "Katherine Johnson", address: "7 Harbor Way, Quincy, MA", zip: "02169", service: "Labor" },
  { name: "Edsger Dijkstra", address: "301 Main St, Somerville, MA", zip: "02143", service: "Junk Removal" },
] as const;

/** Our outbound caller id: inbound callbacks are calls to this number. */
export const OUTBOUND_CALLER_ID = "+18553409128";

export function leadIdFor(n: number): string {
  return `L-${1000 + n}`;
}

function phoneFor(n: number): string {
  return `+1617555${String(n % 10000).padStart(4, "0")}`;
}

export function defaultTaskAttributes(kind: AdminTaskKind, n: number): Record<string, unknown> {
  const client = CLIENTS[(n - 1) % CLIENTS.length] ?? CLIENTS[0];
  const phone = phoneFor(n);
  if (kind === "inbound") {
    return {
      direction: "inbound",
      from: phone,
      to: OUTBOUND_CALLER_ID,
      caller: phone,
      call_sid: newSid("CA"),
      channel: "voice",
    };
  }
  return {
    type: "weblead",
    lead_id: leadIdFor(n),
    name: client.name,
    phone,
    email: `${client.name.toLowerCase().replace(/\s+/g, ".")}@example.com`,
    address: client.address,
    zip: client.zip,
    service: client.service,
    channel: "voice",
  };
}

/** A short description for the log: "weblead L-1001", "inbound +16175550002", "outbound +16175550123". */
export function describeTask(kind: TaskKind, attributesJson: string): string {
  try {
    const attrs = JSON.parse(attributesJson) as Record<string, unknown>;
    const detail = kind === "weblead" ? attrs.lead_id : kind === "outbound" ? attrs.outbound_to : attrs.from;
    return typeof detail === "string" ? `${kind} ${detail}` : kind;
  } catch {
    return `${kind}, malformed attributes`;
  }
}
