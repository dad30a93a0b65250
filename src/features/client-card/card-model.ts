/**
 * What the Hunkware card shows, decided from the agent's view: the task in hand (one call at a
 * time), a note when another client is waiting, and drafts kept from earlier screen-pops.
 */
import { secondReservationWhileBusy, taskInHand } from "../../domain/reservation.ts";
import type { AgentView, KeptDraftView, ReservationView } from "../../protocol/messages.ts";

export type CardModel = {
  reservation: ReservationView;
  /** Another client that arrived while this call is in hand: shown, never merged. */
  waiting: ReservationView | null;
  keptDrafts: KeptDraftView[];
};

export function cardModel(view: AgentView): CardModel | null {
  const reservation = taskInHand(view);
  if (!reservation) return null;
  return { reservation, waiting: secondReservationWhileBusy(view), keptDrafts: view.keptDrafts };
}
