// The popup's presets over the one fake view (../fake-view.ts): the agent's four activities, and
// reservations numbered by the test.
import type { AgentView, HistoryView, ReservationView } from "../../../src/protocol/messages.ts";
import { history, reservation, sid, view } from "../fake-view.ts";

export const AVAILABLE = { sid: sid("WA", 1), name: "Available", available: true };
export const UNAVAILABLE = { sid: sid("WA", 2), name: "Unavailable", available: false };
export const BREAK = { sid: sid("WA", 3), name: "Break", available: false };
export const OFFLINE = { sid: sid("WA", 4), name: "Offline", available: false };

export function fakeView(patch: Partial<AgentView> = {}): AgentView {
  return view({
    activity: UNAVAILABLE,
    activities: [AVAILABLE, UNAVAILABLE, BREAK, OFFLINE],
    today: { startMs: 0, endMs: 86_400_000, tasks: [], agent: null },
    flexTabs: 1,
    ...patch,
  });
}

export function fakeReservation(n: number, patch: Partial<ReservationView> = {}): ReservationView {
  return reservation({
    sid: sid("WR", n),
    taskSid: sid("WT", n),
    client: {
      name: "Grace Hopper",
      phone: "1-555-010-0199",
      leadId: "L-42",
      email: null,
      address: null,
      zip: null,
      service: null,
    },
    ...patch,
  });
}

export const fakeHistory: (n: number, patch?: Partial<HistoryView>) => HistoryView = history;
