import { describe, expect, it } from "vitest";
import { HISTORY_LIMIT, type HistoryEntry, recordOutcome } from "../../../src/domain/reservation-history.ts";
import {
  type EndedPhase,
  outcomeOfEnded,
  type TrackedReservation,
} from "../../../src/domain/reservation-lifecycle.ts";

function reservation(sid: string, extra: Partial<TrackedReservation> = {}): TrackedReservation {
  return {
    sid,
    taskSid: `WT${sid}`,
    origin: "weblead",
    attributes: { name: "Ada" },
    attributesError: null,
    createdAtMs: 1_000,
    acceptDeadlineMs: 11_000,
    phase: "pending",
    ...extra,
  };
}

describe("outcomeOfEnded", () => {
  it.each<[EndedPhase, string]>([
    ["completed", "completed"],
    ["rejected", "rejected"],
    ["timeout", "missed"],
    ["canceled", "canceled"],
    ["rescinded", "canceled"],
    ["transferred", "transferred"],
  ])("%s → %s", (phase, outcome) => {
    expect(outcomeOfEnded(phase)).toBe(outcome);
  });
});

describe("recordOutcome", () => {
  it("adds an entry with the time to accept", () => {
    expect(recordOutcome([], reservation("WR1", { acceptedAtMs: 4_500 }), "accepted", 4_500)).toEqual([
      {
        reservationSid: "WR1",
        taskSid: "WTWR1",
        origin: "weblead",
        name: "Ada",
        outcome: "accepted",
        timeToAcceptMs: 3_500,
        atMs: 4_500,
      },
    ]);
  });

  it("has no time to accept for a missed offer, and never a negative one", () => {
    expect(recordOutcome([], reservation("WR1"), "missed", 11_000)[0]?.timeToAcceptMs).toBeNull();
    expect(
      recordOutcome([], reservation("WR1", { acceptedAtMs: 500 }), "accepted", 500)[0]?.timeToAcceptMs,
    ).toBe(0);
  });

  it("updates a task's entry in place as it moves on", () => {
    const first = recordOutcome([], reservation("WR1", { acceptedAtMs: 2_000 }), "accepted", 2_000);
    const second = recordOutcome(first, reservation("WR2"), "missed", 12_000);
    const done = recordOutcome(second, reservation("WR1", { acceptedAtMs: 2_000 }), "completed", 90_000);
    expect(done.map((entry) => [entry.reservationSid, entry.outcome, entry.timeToAcceptMs])).toEqual([
      ["WR2", "missed", null],
      ["WR1", "completed", 1_000],
    ]);
  });

  it(`keeps the newest ${HISTORY_LIMIT}`, () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 25; i++) history = recordOutcome(history, reservation(`WR${i}`), "missed", i);
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]?.reservationSid).toBe("WR24");
    expect(history.at(-1)?.reservationSid).toBe("WR5");
  });

  it("shows a missing or absurd name safely", () => {
    const noName = reservation("WR1", { attributes: {} });
    expect(recordOutcome([], noName, "missed", 0)[0]?.name).toBeNull();
    const huge = reservation("WR2", { attributes: { name: "z".repeat(10_000) } });
    expect(recordOutcome([], huge, "missed", 0)[0]?.name?.length).toBe(500);
  });
});
