/**
 * What the Hunkware card shows, decided from the agent's view: the task in hand (one call at a
 * time), a note when another client is waiting, and drafts kept from earlier screen-pops.
 */
import type { AgentView, KeptDraftView, ReservationView } from "../../src/protocol/messages.ts";

export type CardModel = {
  reservation: ReservationView;
  /** Another offer that arrived while this call is in hand: shown, never merged. */
  waiting: ReservationView | null;
  keptDrafts: KeptDraftView[];
};

export function cardModel(view: AgentView): CardModel | null {
  const reservation = view.reservations.find((r) => r.sid === view.inHand);
  if (!reservation) return null;
  const waiting = view.reservations.find((r) => r.sid !== reservation.sid && r.phase === "pending") ?? null;
  return { reservation, waiting, keptDrafts: view.keptDrafts };
}

export const ORIGIN_TEXT: Record<ReservationView["origin"], string> = {
  weblead: "Web lead",
  inbound: "Inbound callback",
  unknown: "Unknown origin",
};
