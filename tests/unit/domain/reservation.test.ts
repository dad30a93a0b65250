import { describe, expect, it } from "vitest";
import { countdownText } from "../../../src/domain/countdown.ts";
import {
  type AgentSession,
  acceptedWhileAway,
  dialCountdownDeadline,
  EMPTY_SESSION,
  pendingReservations,
  type ReservationSnapshot,
  reduceSession,
  reservationCountdown,
  restoreFromActive,
  type SessionEvent,
  secondReservationWhileBusy,
  taskInHand,
} from "../../../src/domain/reservation.ts";

const CONFIG = { acceptWindowSeconds: 10, reviewSeconds: 15 };
const T0_SEC = 1_700_000_000;
const T0 = T0_SEC * 1000;

function snapshot(sid: string, overrides: Partial<ReservationSnapshot> = {}): ReservationSnapshot {
  return {
    sid,
    taskSid: `WT-${sid}`,
    status: "pending",
    dateCreatedSec: T0_SEC,
    attributes: JSON.stringify({ type: "weblead", lead_id: `L-${sid}`, name: `Client ${sid}` }),
    ...overrides,
  };
}

function created(sid: string, overrides: Partial<ReservationSnapshot> = {}, atMs = T0 + 500): SessionEvent {
  return { type: "created", reservation: snapshot(sid, overrides), atMs };
}

function run(events: SessionEvent[], start: AgentSession = EMPTY_SESSION): AgentSession {
  return events.reduce((state, event) => reduceSession(state, event, CONFIG), start);
}

describe("reduceSession", () => {
  it("tracks a new offer as pending with its accept countdown", () => {
    const state = run([created("WR1")]);
    expect(pendingReservations(state).map((r) => r.sid)).toEqual(["WR1"]);
    expect(taskInHand(state)).toBeNull();
    const [pending] = pendingReservations(state);
    expect(pending && reservationCountdown(pending)).toEqual({ kind: "accept", deadlineMs: T0 + 10_000 });
  });

  it("walks a weblead through accept, review, dialing, wrap-up and completion", () => {
    const accepted = run([created("WR1"), { type: "accepted", sid: "WR1", atMs: T0 + 4_000 }]);
    const inHand = taskInHand(accepted);
    expect(inHand).toMatchObject({ sid: "WR1", phase: "review", dialAtMs: T0 + 19_000 });
    expect(
      inHand && countdownText(reservationCountdown(inHand) ?? { kind: "dial", deadlineMs: 0 }, T0 + 5_000),
    ).toBe("14 s");
    expect(accepted.history).toEqual([
      expect.objectContaining({ outcome: "accepted", timeToAcceptMs: 4_000 }),
    ]);

    const dialing = run([{ type: "tick", nowMs: T0 + 19_000 }], accepted);
    const dialingTask = taskInHand(dialing);
    expect(dialingTask?.phase).toBe("dialing");
    expect(dialingTask && reservationCountdown(dialingTask)).toEqual({
      kind: "dial",
      deadlineMs: T0 + 19_000,
    });

    const wrapping = run([{ type: "wrapup", sid: "WR1", atMs: T0 + 300_000 }], dialing);
    expect(taskInHand(wrapping)?.phase).toBe("wrapup");
    const wrappingTask = taskInHand(wrapping);
    expect(wrappingTask && reservationCountdown(wrappingTask)).toBeNull();

    const done = run([{ type: "completed", sid: "WR1", atMs: T0 + 320_000 }], wrapping);
    expect(done.reservations).toEqual([]);
    expect(done.inHand).toBeNull();
    expect(done.history).toEqual([
      {
        reservationSid: "WR1",
        taskSid: "WT-WR1",
        origin: "weblead",
        name: "Client WR1",
        outcome: "completed",
        timeToAcceptMs: 4_000,
        atMs: T0 + 320_000,
      },
    ]);
  });

  it("sets offlineAfterMiss on a timeout until the agent is Available again", () => {
    const missed = run([created("WR1"), { type: "timeout", sid: "WR1", atMs: T0 + 10_000 }]);
    expect(missed.offlineAfterMiss).toBe(true);
    expect(missed.reservations).toEqual([]);
    expect(missed.history[0]).toMatchObject({ outcome: "missed", timeToAcceptMs: null });
    expect(reduceSession(missed, { type: "activity", available: false }, CONFIG)).toBe(missed);
    expect(run([{ type: "activity", available: true }], missed).offlineAfterMiss).toBe(false);
  });

  it.each([
    ["rejected", "rejected"],
    ["canceled", "canceled"],
    ["rescinded", "canceled"],
  ] as const)("records a %s offer as %s", (type, outcome) => {
    const state = run([created("WR1"), { type, sid: "WR1", atMs: T0 + 2_000 }]);
    expect(state.reservations).toEqual([]);
    expect(state.offlineAfterMiss).toBe(false);
    expect(state.history[0]?.outcome).toBe(outcome);
  });

  it("records a transfer and ignores the later completion of the transferred reservation", () => {
    const state = run([
      created("WR1", { attributes: '{"direction":"inbound","from":"+16175550123"}' }),
      { type: "accepted", sid: "WR1", atMs: T0 + 1_000 },
      { type: "transferred", sid: "WR1", atMs: T0 + 60_000 },
      { type: "wrapup", sid: "WR1", atMs: T0 + 60_001 },
      { type: "completed", sid: "WR1", atMs: T0 + 61_000 },
    ]);
    expect(state.inHand).toBeNull();
    expect(state.history).toEqual([expect.objectContaining({ origin: "inbound", outcome: "transferred" })]);
  });

  it("shows a second offer while a task is in hand, without touching the task in hand", () => {
    const state = run([
      created("WR1"),
      { type: "accepted", sid: "WR1", atMs: T0 + 2_000 },
      created("WR2", { dateCreatedSec: T0_SEC + 30 }),
    ]);
    expect(taskInHand(state)?.sid).toBe("WR1");
    expect(secondReservationWhileBusy(state)?.sid).toBe("WR2");
    expect(pendingReservations(state).map((r) => r.sid)).toEqual(["WR2"]);

    // Accepting the second one doesn't take the first out of the agent's hand…
    const both = run([{ type: "accepted", sid: "WR2", atMs: T0 + 35_000 }], state);
    expect(both.inHand).toBe("WR1");
    expect(secondReservationWhileBusy(both)?.sid).toBe("WR2");
    // …until the first one ends.
    const next = run([{ type: "completed", sid: "WR1", atMs: T0 + 90_000 }], both);
    expect(next.inHand).toBe("WR2");
    expect(secondReservationWhileBusy(next)).toBeNull();
  });

  it("hands the agent the call just accepted when the one before is in wrap-up", () => {
    const wrapping = run([
      created("WR1"),
      { type: "accepted", sid: "WR1", atMs: T0 + 2_000 },
      { type: "wrapup", sid: "WR1", atMs: T0 + 60_000 },
      created("WR2", { dateCreatedSec: T0_SEC + 70 }),
    ]);
    // The offer while the older task wraps up leaves the older one in hand, its card as it was.
    expect(wrapping.inHand).toBe("WR1");
    expect(secondReservationWhileBusy(wrapping)?.sid).toBe("WR2");

    const accepted = run([{ type: "accepted", sid: "WR2", atMs: T0 + 72_000 }], wrapping);
    expect(accepted.inHand).toBe("WR2");
    expect(taskInHand(accepted)).toMatchObject({ phase: "review", dialAtMs: T0 + 87_000 });
    // The wrap-up is done with: not shown as a second client.
    expect(secondReservationWhileBusy(accepted)).toBeNull();
    // Its end leaves the live call in hand.
    expect(run([{ type: "completed", sid: "WR1", atMs: T0 + 80_000 }], accepted).inHand).toBe("WR2");
  });

  it("keeps a live call in hand when the one accepted while busy goes on, and gives it the hand once the first wraps up", () => {
    const both = run([
      created("WR1"),
      { type: "accepted", sid: "WR1", atMs: T0 + 2_000 },
      created("WR2", { dateCreatedSec: T0_SEC + 30 }),
      { type: "accepted", sid: "WR2", atMs: T0 + 35_000 },
    ]);
    expect(both.inHand).toBe("WR1");
    expect(run([{ type: "wrapup", sid: "WR1", atMs: T0 + 40_000 }], both).inHand).toBe("WR2");
  });

  it("has no second reservation while nothing is in hand", () => {
    expect(secondReservationWhileBusy(run([created("WR1"), created("WR2")]))).toBeNull();
  });

  it("takes a reservation that arrives already accepted into hand", () => {
    const state = run([created("WR1", { status: "accepted", dateUpdatedSec: T0_SEC + 2 })]);
    expect(state.inHand).toBe("WR1");
    expect(state.history[0]).toMatchObject({ outcome: "accepted", timeToAcceptMs: 2_000 });
  });

  it("returns the same state for events that change nothing", () => {
    const state = run([created("WR1"), { type: "accepted", sid: "WR1", atMs: T0 + 1_000 }]);
    const same: SessionEvent[] = [
      { type: "accepted", sid: "WR-unknown", atMs: T0 },
      { type: "completed", sid: "WR-unknown", atMs: T0 },
      { type: "accepted", sid: "WR1", atMs: T0 + 2_000 }, // duplicate
      { type: "timeout", sid: "WR1", atMs: T0 + 10_000 }, // illegal after accept
      { type: "rejected", sid: "WR1", atMs: T0 + 10_000 },
      { type: "tick", nowMs: T0 + 5_000 }, // review not over
      { type: "activity", available: true }, // was not offline
      created("WR1"), // duplicate
      created("WR9", { status: "completed" }), // not active
    ];
    for (const event of same) expect(reduceSession(state, event, CONFIG)).toBe(state);
  });

  it("never mutates the state it is given", () => {
    const before = run([created("WR1"), created("WR2")]);
    const frozen = structuredClone(before);
    run(
      [
        { type: "accepted", sid: "WR1", atMs: T0 + 1_000 },
        { type: "tick", nowMs: T0 + 20_000 },
        { type: "timeout", sid: "WR2", atMs: T0 + 10_000 },
      ],
      before,
    );
    expect(before).toEqual(frozen);
    expect(Object.isFrozen(EMPTY_SESSION)).toBe(true);
    expect(EMPTY_SESSION).toEqual({ reservations: [], inHand: null, offlineAfterMiss: false, history: [] });
  });

  it("keeps the last 20 tasks in history", () => {
    const events: SessionEvent[] = [];
    for (let i = 0; i < 23; i++) {
      events.push(created(`WR${i}`), { type: "timeout", sid: `WR${i}`, atMs: T0 + i });
    }
    const state = run(events);
    expect(state.history).toHaveLength(20);
    expect(state.history[0]?.reservationSid).toBe("WR22");
    expect(state.history.at(-1)?.reservationSid).toBe("WR3");
  });

  it("survives malformed attributes end to end", () => {
    const state = run([
      created("WR1", { attributes: "<html>not json</html>" }),
      created("WR2", { attributes: { name: `<script>alert(1)</script>${"x".repeat(10_000)}` } }),
      created("WR3", { attributes: null }),
    ]);
    expect(state.reservations.map((r) => [r.sid, r.origin, r.attributesError !== null])).toEqual([
      ["WR1", "unknown", true],
      ["WR2", "unknown", false],
      ["WR3", "unknown", true],
    ]);
    const timedOut = run([{ type: "timeout", sid: "WR2", atMs: T0 + 10_000 }], state);
    expect(timedOut.history[0]?.name?.startsWith("<script>")).toBe(true);
    expect(timedOut.history[0]?.name?.length).toBe(500);
  });

  it("is JSON-serialisable at every step", () => {
    const steps: SessionEvent[] = [
      created("WR1", { attributes: { name: "Ada", when: new Date(0) } }),
      { type: "accepted", sid: "WR1", atMs: T0 + 1_000 },
      created("WR2"),
      { type: "tick", nowMs: T0 + 16_000 },
      { type: "timeout", sid: "WR2", atMs: T0 + 10_000 },
      { type: "wrapup", sid: "WR1", atMs: T0 + 60_000 },
    ];
    let state = EMPTY_SESSION;
    for (const event of steps) {
      state = reduceSession(state, event, CONFIG);
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    }
  });
});

describe("restoreFromActive", () => {
  it("rebuilds pending and accepted reservations from Twilio's list alone", () => {
    const now = T0 + 8_000;
    const state = restoreFromActive(
      [
        snapshot("WR2", { dateCreatedSec: T0_SEC + 5 }),
        snapshot("WR1", { status: "accepted", dateUpdatedSec: T0_SEC + 3 }),
        snapshot("WR3", { status: "completed" }),
      ],
      now,
      CONFIG,
    );
    expect(state.reservations.map((r) => [r.sid, r.phase])).toEqual([
      ["WR1", "review"],
      ["WR2", "pending"],
    ]);
    expect(taskInHand(state)).toMatchObject({ sid: "WR1", acceptedAtMs: T0 + 3_000, dialAtMs: T0 + 18_000 });
    expect(pendingReservations(state)[0]?.acceptDeadlineMs).toBe(T0 + 15_000);
    expect(state).toMatchObject({ offlineAfterMiss: false, history: [] });
  });

  it("restores straight into dialing when the review time passed while we were away", () => {
    const state = restoreFromActive(
      [snapshot("WR1", { status: "accepted", dateUpdatedSec: T0_SEC + 3 })],
      T0 + 40_000,
      CONFIG,
    );
    expect(taskInHand(state)?.phase).toBe("dialing");
  });

  it("keeps our own accept time, history and offline flag from the stored session", () => {
    const stored: AgentSession = {
      ...run([created("WR1"), { type: "accepted", sid: "WR1", atMs: T0 + 2_000 }, created("WR9")]),
      offlineAfterMiss: true,
    };
    // Twilio's date_updated moved on (e.g. an attribute update); our record of the accept wins.
    const state = restoreFromActive(
      [snapshot("WR1", { status: "accepted", dateUpdatedSec: T0_SEC + 12 })],
      T0 + 10_000,
      CONFIG,
      stored,
    );
    expect(taskInHand(state)).toMatchObject({
      acceptedAtMs: T0 + 2_000,
      dialAtMs: T0 + 17_000,
      phase: "review",
    });
    expect(state.reservations.map((r) => r.sid)).toEqual(["WR1"]); // WR9 ended while we were away
    expect(state.offlineAfterMiss).toBe(true);
    expect(state.history).toBe(stored.history);
  });

  it("follows Twilio when a reservation we had as pending was accepted meanwhile", () => {
    const stored = run([created("WR1")]);
    const state = restoreFromActive(
      [snapshot("WR1", { status: "accepted", dateUpdatedSec: T0_SEC + 4 })],
      T0 + 6_000,
      CONFIG,
      stored,
    );
    expect(taskInHand(state)).toMatchObject({ sid: "WR1", acceptedAtMs: T0 + 4_000, phase: "review" });
  });

  // WR1 was in hand; WR0 comes back accepted beside it. A live call stays in hand; one in wrap-up
  // gives way to the call on the line, and is not shown as a second client.
  it.each([
    ["keeps the task in hand when two live calls come back", "accepted", "WR1", "WR0"],
    ["hands the agent the live call when the one in hand before is now in wrap-up", "wrapping", "WR0", null],
  ] as const)("%s", (_, wr1Status, inHand, second) => {
    const stored = run([
      created("WR1", { dateCreatedSec: T0_SEC + 10 }),
      { type: "accepted", sid: "WR1", atMs: T0 + 11_000 },
    ]);
    const state = restoreFromActive(
      [
        snapshot("WR0", { status: "accepted", dateUpdatedSec: T0_SEC + 20 }),
        snapshot("WR1", { status: wr1Status, dateCreatedSec: T0_SEC + 10 }),
      ],
      T0 + 60_000,
      CONFIG,
      stored,
    );
    expect(state.inHand).toBe(inHand);
    expect(secondReservationWhileBusy(state)?.sid ?? null).toBe(second);
  });

  it("doesn't keep a task in hand that Twilio reports as pending", () => {
    const stored = run([created("WR1"), { type: "accepted", sid: "WR1", atMs: T0 + 1_000 }]);
    const state = restoreFromActive([snapshot("WR1")], T0 + 2_000, CONFIG, stored);
    expect(state.inHand).toBeNull();
    expect(pendingReservations(state).map((r) => r.sid)).toEqual(["WR1"]);
  });

  it("ignores duplicate sids and copes with an empty list", () => {
    expect(restoreFromActive([snapshot("WR1"), snapshot("WR1")], T0, CONFIG).reservations).toHaveLength(1);
    expect(restoreFromActive([], T0, CONFIG, null)).toEqual(EMPTY_SESSION);
  });
});

describe("acceptedWhileAway", () => {
  const accepted = (sid: string) => snapshot(sid, { status: "accepted", dateUpdatedSec: T0_SEC + 3 });

  it("owes the screen-pop of a task accepted while we were away: an offer before, or unknown", () => {
    const offered = run([created("WR1")]);
    for (const previous of [offered, EMPTY_SESSION]) {
      const restored = restoreFromActive([accepted("WR1")], T0 + 5_000, CONFIG, previous);
      expect(acceptedWhileAway(previous, restored)).toMatchObject({ sid: "WR1", phase: "review" });
    }
  });

  it("owes nothing for a task whose accept we saw, an offer still pending, or a wrap-up", () => {
    const seen = run([created("WR1"), { type: "accepted", sid: "WR1", atMs: T0 + 2_000 }]);
    const again = restoreFromActive([accepted("WR1")], T0 + 5_000, CONFIG, seen);
    expect(acceptedWhileAway(seen, again)).toBeNull();
    const offered = run([created("WR1")]);
    expect(
      acceptedWhileAway(offered, restoreFromActive([snapshot("WR1")], T0 + 1_000, CONFIG, offered)),
    ).toBeNull();
    const wrapping = restoreFromActive(
      [snapshot("WR1", { status: "wrapping" })],
      T0 + 9_000,
      CONFIG,
      offered,
    );
    expect(acceptedWhileAway(offered, wrapping)).toBeNull();
  });

  it("owes the pop even when the review time ran out meanwhile: the call is live", () => {
    const offered = run([created("WR1")]);
    const late = restoreFromActive([accepted("WR1")], T0 + 60_000, CONFIG, offered);
    expect(acceptedWhileAway(offered, late)).toMatchObject({ sid: "WR1", phase: "dialing" });
  });
});

describe("dialCountdownDeadline", () => {
  it.each([
    ["pending", T0, null],
    ["review", T0, T0],
    ["dialing", T0, T0],
    ["wrapup", T0, null],
    ["review", null, null],
    ["dialing", undefined, null],
  ] as const)("%s with dialAtMs %s → %s", (phase, dialAtMs, expected) => {
    expect(dialCountdownDeadline({ phase, dialAtMs })).toBe(expected);
  });

  it("is the deadline of the dial countdown the reservation shows", () => {
    const base = { acceptDeadlineMs: T0, dialAtMs: T0 + 15_000 };
    expect(reservationCountdown({ ...base, phase: "review" })).toEqual({
      kind: "dial",
      deadlineMs: T0 + 15_000,
    });
    expect(reservationCountdown({ ...base, phase: "wrapup" })).toBeNull();
  });
});
