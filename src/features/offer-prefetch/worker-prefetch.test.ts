import { afterEach, describe, expect, it, vi } from "vitest";
import type { Tabs } from "webextension-polyfill";
import { type FakeTab, fakeBrowser } from "../../../tests/unit/fake-browser.ts";
import { type AgentSession, EMPTY_SESSION, type TrackedReservation } from "../../domain/reservation.ts";
import { trackSnapshot } from "../../domain/reservation-lifecycle.ts";
import { pickHunkwareTab } from "../screen-pop/worker-screen-pop.ts";
import { OfferPrefetch } from "./worker-prefetch.ts";

const HW = "https://hunkware.chhj.com";
const T0 = 1_700_000_000_000;

function reservation(sid: string, status: "pending" | "accepted"): TrackedReservation {
  const snapshot = {
    sid,
    taskSid: `WT${sid}`,
    status,
    dateCreatedSec: T0 / 1000,
    attributes: { type: "weblead", lead_id: `L-${sid}` },
  };
  const tracked = trackSnapshot(snapshot, T0, { acceptWindowSeconds: 10, reviewSeconds: 15 });
  if (!tracked) throw new Error("not tracked");
  return tracked;
}
const session = (...reservations: TrackedReservation[]): AgentSession => ({ ...EMPTY_SESSION, reservations });
const urlOf = (r: TrackedReservation) => `${HW}/leads/L-${r.sid}`;

function setUp(tabs: FakeTab[] = [{ id: 7, url: `${HW}/leads/L-0`, lastAccessed: 5 }]) {
  const fake = fakeBrowser(tabs);
  let enabled = true;
  // A content script that does what it is asked.
  fake.state.contentScript = async () => ({ done: true });
  const prefetch = new OfferPrefetch({
    tabs: fake.browser.tabs as unknown as Pick<Tabs.Static, "query" | "sendMessage">,
    enabled: () => enabled,
    hunkwareTab: (list) => pickHunkwareTab(list, HW),
    target: async (r) => urlOf(r),
    log: () => {},
  });
  const sent = () => fake.callsOf("tabs.sendMessage");
  return { fake, prefetch, sent, disable: () => (enabled = false) };
}

const OFFER = reservation("WR1", "pending");
const ACCEPTED = reservation("WR1", "accepted");
const prepare = (url: string | null) => ({ type: "prepare-page", url });

afterEach(() => {
  vi.useRealTimers();
});

describe("OfferPrefetch", () => {
  it("asks the Hunkware tab the screen-pop would reuse to prefetch the offered lead's page, once", async () => {
    const t = setUp([
      { id: 7, url: `${HW}/leads/L-0`, lastAccessed: 5 },
      { id: 8, url: `${HW}/search`, lastAccessed: 9 },
      { id: 9, url: "https://flex.twilio.com/agent-desktop", lastAccessed: 99 },
    ]);
    await t.prefetch.update(session(OFFER));
    await t.prefetch.update(session(OFFER));
    expect(t.sent()).toEqual([[8, prepare(urlOf(OFFER))]]);
  });

  it("on accept, has the page open what it prepared, and says so", async () => {
    const t = setUp();
    await t.prefetch.update(session(OFFER));
    await t.prefetch.update(session(ACCEPTED)); // the session change may come before the accept
    expect(await t.prefetch.open("WR1", 7, urlOf(OFFER))).toBe(true);
    expect(t.sent()).toEqual([
      [7, prepare(urlOf(OFFER))],
      [7, { type: "open-prepared", url: urlOf(OFFER) }],
    ]);
    // Used once: a second open has nothing to open.
    expect(await t.prefetch.open("WR1", 7, urlOf(OFFER))).toBe(false);
  });

  it("does not open a prefetch for another page, tab or reservation; another page drops the rule", async () => {
    const t = setUp();
    await t.prefetch.update(session(OFFER));
    expect(await t.prefetch.open("WR2", 7, urlOf(OFFER))).toBe(false);
    expect(t.sent()).toHaveLength(1);
    expect(await t.prefetch.open("WR1", 7, `${HW}/leads/other`)).toBe(false);
    expect(t.sent().at(-1)).toEqual([7, prepare(null)]);
  });

  it("clears the rule when the offer is missed, rejected or withdrawn", async () => {
    const t = setUp();
    await t.prefetch.update(session(OFFER));
    await t.prefetch.update(session());
    expect(t.sent()).toEqual([
      [7, prepare(urlOf(OFFER))],
      [7, prepare(null)],
    ]);
    expect(await t.prefetch.open("WR1", 7, urlOf(OFFER))).toBe(false);
  });

  it("cleans up after an offer that ended while its prefetch was being placed", async () => {
    const t = setUp();
    let answer: (value: unknown) => void = () => {};
    t.fake.state.contentScript = (_, message) =>
      (message as { url: unknown }).url === null
        ? Promise.resolve({ done: true })
        : new Promise((resolve) => {
            answer = resolve;
          });
    const placing = t.prefetch.update(session(OFFER));
    const ended = t.prefetch.update(session());
    await vi.waitFor(() => expect(t.sent()).toHaveLength(1));
    answer({ done: true });
    await Promise.all([placing, ended]);
    expect(t.sent().at(-1)).toEqual([7, prepare(null)]);
  });

  it("does nothing with prefetchOnOffer off, and clears a prefetch when it is turned off", async () => {
    const t = setUp();
    await t.prefetch.update(session(OFFER));
    t.disable();
    await t.prefetch.update(session(OFFER));
    expect(t.sent()).toEqual([
      [7, prepare(urlOf(OFFER))],
      [7, prepare(null)],
    ]);
    await t.prefetch.update(session(reservation("WR2", "pending")));
    expect(t.sent()).toHaveLength(2);
  });

  it("prepares nothing without a Hunkware tab, or in a tab already on the lead's page", async () => {
    const none = setUp([{ id: 9, url: "https://flex.twilio.com/", lastAccessed: 1 }]);
    await none.prefetch.update(session(OFFER));
    const there = setUp([{ id: 7, url: urlOf(OFFER), lastAccessed: 1 }]);
    await there.prefetch.update(session(OFFER));
    expect([...none.sent(), ...there.sent()]).toEqual([]);
  });

  it("answers false when the content script is not there, refuses, or answers nonsense", async () => {
    for (const contentScript of [
      async () => {
        throw new Error("Could not establish connection. Receiving end does not exist.");
      },
      async () => ({ done: false }),
      async () => ({ done: "yes" }),
      async () => undefined,
    ]) {
      const t = setUp();
      t.fake.state.contentScript = contentScript;
      await t.prefetch.update(session(OFFER));
      expect(await t.prefetch.open("WR1", 7, urlOf(OFFER))).toBe(false);
    }
  });

  it("does not hold up the accept behind a tab that never answers", async () => {
    vi.useFakeTimers();
    const t = setUp();
    await t.prefetch.update(session(OFFER));
    t.fake.state.contentScript = () => new Promise(() => {});
    const opened = t.prefetch.open("WR1", 7, urlOf(OFFER));
    await vi.advanceTimersByTimeAsync(500);
    expect(await opened).toBe(false);
  });
});
