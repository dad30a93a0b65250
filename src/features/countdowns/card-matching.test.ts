import { describe, expect, it } from "vitest";
import { client, reservation } from "../../../tests/unit/fake-view.ts";
import { matchIncomingCanvas, matchPendingCards } from "./card-matching.ts";

const grace = reservation({ client: client("Grace Hopper", "1-617-555-0001") });
const alan = reservation({ client: client("Alan Turing", "1-617-555-0002") });
const caller = reservation({ origin: "inbound", client: client(null, "1-617-555-0003") });

const sids = (result: ReturnType<typeof matchPendingCards>) => result.map((r) => r?.sid ?? null);

describe("which reservation a Flex task card shows", () => {
  it("one pending reservation is the one pending card, whatever its text", () => {
    const cards = [
      { title: "Someone else", pending: false },
      { title: "Whatever Flex shows", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [grace]))).toEqual([null, grace.sid]);
  });

  it("several are matched by the name on the card's first line, whatever the order", () => {
    const cards = [
      { title: "Alan Turing", pending: true },
      { title: " grace  HOPPER ", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [grace, alan]))).toEqual([alan.sid, grace.sid]);
  });

  it("an inbound caller's card (its number) matches by NANP digits", () => {
    const cards = [
      { title: "+16175550003", pending: true },
      { title: "Grace Hopper", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [grace, caller]))).toEqual([caller.sid, grace.sid]);
  });

  it("falls back to order for cards whose text matches nothing", () => {
    const cards = [
      { title: "?", pending: true },
      { title: "Alan Turing", pending: true },
      { title: "", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [grace, alan, caller]))).toEqual([grace.sid, alan.sid, caller.sid]);
  });

  it("equal names go to the oldest reservation first", () => {
    const grace2 = reservation({ client: client("Grace Hopper") });
    const cards = [
      { title: "Grace Hopper", pending: true },
      { title: "Grace Hopper", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [grace, grace2]))).toEqual([grace.sid, grace2.sid]);
  });

  it("cards without Accept, and pending cards beyond the reservations, get nothing", () => {
    const cards = [
      { title: "Grace Hopper", pending: false },
      { title: "Alan Turing", pending: true },
      { title: "Nobody", pending: true },
    ];
    expect(sids(matchPendingCards(cards, [alan]))).toEqual([null, alan.sid, null]);
    expect(sids(matchPendingCards(cards, []))).toEqual([null, null, null]);
  });

  it("the incoming canvas falls back to order only when one reservation is pending", () => {
    expect(matchIncomingCanvas("anything", [grace])?.sid).toBe(grace.sid);
    expect(matchIncomingCanvas("Alan Turing", [grace, alan])?.sid).toBe(alan.sid);
    expect(matchIncomingCanvas("Nobody", [grace, alan])).toBeNull();
    expect(matchIncomingCanvas("Grace Hopper", [])).toBeNull();
  });
});
