/**
 * Which pending reservation a Flex task card (or the incoming-task canvas) shows. Flex's cards
 * don't carry the reservation sid, so the rule is:
 *
 * 1. One pending reservation and one pending card (a card with an Accept button): that's it.
 * 2. Otherwise each pending card is matched by its first line — Flex shows the customer's name,
 *    else the caller's number — against the reservation's client name, or its phone number
 *    compared as 10 NANP digits. Equal names go to the oldest reservation first.
 * 3. Pending cards still unmatched take the still unmatched reservations in order: Flex lists
 *    tasks oldest first, and the view lists reservations oldest first.
 *
 * Cards without an Accept button never get an accept countdown. The canvas shows one task the
 * agent may have picked out of several, so it falls back to order only when there's one.
 */
import { normalizeNanp } from "../../domain/phone.ts";
import type { ReservationView } from "../../protocol/messages.ts";

export interface CardSummary {
  title: string;
  pending: boolean;
}

function normalizeName(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function phoneDigits(text: string | null): string | null {
  if (!text) return null;
  const phone = normalizeNanp(text);
  return phone.ok ? phone.digits10 : null;
}

export function titleMatches(title: string, reservation: ReservationView): boolean {
  const name = normalizeName(title);
  if (name === "") return false;
  const client = reservation.client;
  if (client.name !== null && normalizeName(client.name) === name) return true;
  const digits = phoneDigits(title);
  return digits !== null && digits === phoneDigits(client.phone);
}

/** For each card, the pending reservation it shows, or null. */
export function matchPendingCards(
  cards: readonly CardSummary[],
  pending: readonly ReservationView[],
): Array<ReservationView | null> {
  const result: Array<ReservationView | null> = cards.map(() => null);
  const pendingCards = cards.flatMap((card, index) => (card.pending ? [index] : []));
  if (pending.length === 0 || pendingCards.length === 0) return result;

  const unmatched = [...pending];
  const take = (reservation: ReservationView) => {
    unmatched.splice(unmatched.indexOf(reservation), 1);
    return reservation;
  };
  if (pending.length === 1 && pendingCards.length === 1) {
    result[pendingCards[0] as number] = take(pending[0] as ReservationView);
    return result;
  }
  for (const index of pendingCards) {
    const byTitle = unmatched.find((r) => titleMatches((cards[index] as CardSummary).title, r));
    if (byTitle) result[index] = take(byTitle);
  }
  for (const index of pendingCards) {
    if (result[index] === null && unmatched.length > 0) result[index] = take(unmatched[0] as ReservationView);
  }
  return result;
}

/** The pending reservation shown on the incoming-task canvas, or null when it can't be told. */
export function matchIncomingCanvas(
  title: string,
  pending: readonly ReservationView[],
): ReservationView | null {
  if (pending.length === 1) return pending[0] as ReservationView;
  return pending.find((r) => titleMatches(title, r)) ?? null;
}
