// The one fake agent view for unit tests (Flex overlays, Hunkware card, popup, protocol): a
// connected agent over the service worker's initial view, so fields the protocol gains later are
// present, and reservations with only the fields a test cares about spelled out.
import { INITIAL_VIEW } from "../../src/background/session-view.ts";
import type { AgentView, HistoryView, ReservationView } from "../../src/protocol/messages.ts";

let n = 0;

export function reservation(patch: Partial<ReservationView> = {}): ReservationView {
  n++;
  const hex = n.toString(16).padStart(32, "0");
  return {
    sid: `WR${hex}`,
    taskSid: `WT${hex}`,
    origin: "weblead",
    phase: "pending",
    createdAtMs: 1_000_000,
    acceptDeadlineMs: 1_010_000,
    acceptedAtMs: null,
    dialAtMs: null,
    client: {
      name: "Grace Hopper",
      phone: "1-617-555-0001",
      leadId: "L-1001",
      email: null,
      address: null,
      zip: null,
      service: null,
    },
    problem: null,
    transferAllowed: false,
    callback: false,
    linkedLead: null,
    ...patch,
  };
}

export function client(name: string | null, phone: string | null = null): ReservationView["client"] {
  return { name, phone, leadId: null, email: null, address: null, zip: null, service: null };
}

export function view(patch: Partial<AgentView> = {}): AgentView {
  // Over the service worker's initial view, so fields the protocol gains later are present.
  return {
    ...INITIAL_VIEW,
    connection: { status: "connected", detail: null, identity: "ada.lovelace@chhj.com", retryAtMs: null },
    activity: { sid: `WA${"1".repeat(32)}`, name: "Available", available: true },
    ...patch,
  };
}

/** A view with one accepted reservation in hand. */
export function inHandView(patch: Partial<ReservationView>, viewPatch: Partial<AgentView> = {}): AgentView {
  const r = reservation({ phase: "review", acceptedAtMs: 1_005_000, dialAtMs: 1_020_000, ...patch });
  return view({ reservations: [r], inHand: r.sid, ...viewPatch });
}

/** A SID of the given prefix numbered `n` (WR, WT, WA…). */
export const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;

export function history(n: number, patch: Partial<HistoryView> = {}): HistoryView {
  return {
    reservationSid: sid("WR", n),
    taskSid: sid("WT", n),
    origin: "weblead",
    name: `Client ${n}`,
    outcome: "completed",
    timeToAcceptMs: 3_400,
    atMs: 1_000_000 + n,
    ...patch,
  };
}
