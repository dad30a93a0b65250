// Fake agent views for the popup's component tests: a connected agent, and reservations and
// history entries with only the fields a test cares about spelled out.
import type { AgentView, HistoryView, ReservationView } from "../../../src/protocol/messages.ts";

const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;

export const AVAILABLE = { sid: sid("WA", 1), name: "Available", available: true };
export const UNAVAILABLE = { sid: sid("WA", 2), name: "Unavailable", available: false };
export const BREAK = { sid: sid("WA", 3), name: "Break", available: false };
export const OFFLINE = { sid: sid("WA", 4), name: "Offline", available: false };

export function fakeView(patch: Partial<AgentView> = {}): AgentView {
  return {
    connection: { status: "connected", detail: null, identity: "ada.lovelace@chhj.com", retryAtMs: null },
    activity: UNAVAILABLE,
    activities: [AVAILABLE, UNAVAILABLE, BREAK, OFFLINE],
    reservations: [],
    inHand: null,
    offlineAfterMiss: false,
    history: [],
    keptDrafts: [],
    today: { startMs: 0, endMs: 86_400_000, tasks: [] },
    flexTabs: 1,
    calling: { callerId: "+18553409128", customerServiceTarget: null },
    ...patch,
  };
}

export function fakeReservation(n: number, patch: Partial<ReservationView> = {}): ReservationView {
  return {
    sid: sid("WR", n),
    taskSid: sid("WT", n),
    origin: "weblead",
    phase: "pending",
    createdAtMs: 1_000_000,
    acceptDeadlineMs: 1_010_000,
    acceptedAtMs: null,
    dialAtMs: null,
    client: {
      name: "Grace Hopper",
      phone: "1-555-010-0199",
      leadId: "L-42",
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

export function fakeHistory(n: number, patch: Partial<HistoryView> = {}): HistoryView {
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
