/**
 * The agent view's reservations as the pages ask for them, also before any view came (null): the
 * ones still on offer, the task in hand, when Twilio dials its client.
 */
import type { AgentView, ReservationView } from "../protocol/messages.ts";
import { dialCountdownDeadline, pendingReservations as pendingOf, taskInHand } from "./reservation.ts";

export function pendingReservations(view: AgentView | null): ReservationView[] {
  return view ? pendingOf(view) : [];
}

export function inHandReservation(view: AgentView | null): ReservationView | null {
  return view ? taskInHand(view) : null;
}

/** When Twilio dials the client of the task in hand, while its dial countdown runs. */
export function dialDeadline(view: AgentView | null): number | null {
  const r = inHandReservation(view);
  return r ? dialCountdownDeadline(r) : null;
}
