import { describe, expect, it } from "vitest";
import {
  type AgentSession,
  EMPTY_SESSION,
  type ReservationSnapshot,
  reduceSession,
  type SessionEvent,
} from "../../domain/reservation.ts";
import { recordTimings } from "./session-timings.ts";
import { DAY_TASK_LIMIT, type DayTimings, emptyDay, LEAD_ID_MAX, type TaskTiming } from "./speed-to-lead.ts";

const CONFIG = { acceptWindowSeconds: 10, reviewSeconds: 15 };
const DAY = { startMs: Date.UTC(2025, 2, 4, 5), endMs: Date.UTC(2025, 2, 5, 5) };
const T0 = DAY.startMs + 9 * 3_600_000; // 9:00 that day
const sec = (ms: number) => ms / 1000;

function snapshot(
  sid: string,
  attributes: Record<string, unknown> = {},
  extra: Partial<ReservationSnapshot> = {},
) {
  return {
    sid,
    taskSid: `WT${sid}`,
    status: "pending",
    dateCreatedSec: sec(T0),
    taskCreatedSec: sec(T0 - 30_000),
    attributes: {
      type: "weblead",
      lead_id: `L-${sid}`,
      name: "Ada Client",
      phone: "+16175550100",
      ...attributes,
    },
    ...extra,
  } satisfies ReservationSnapshot;
}

/** Drives the session reducer and records the timings after each event, as the worker does. */
function play(events: Array<[SessionEvent, number]>, day: DayTimings = emptyDay(DAY)) {
  let session: AgentSession = EMPTY_SESSION;
  for (const [event, nowMs] of events) {
    session = reduceSession(session, event, CONFIG);
    day = recordTimings(day, session, nowMs);
  }
  return { day, session };
}

const created = (s: ReservationSnapshot, atMs = T0 + 200): [SessionEvent, number] => [
  { type: "created", reservation: s, atMs },
  atMs,
];
const event = (type: "accepted" | "completed" | "timeout" | "wrapup", sid: string, atMs: number) =>
  [{ type, sid, atMs }, atMs] as [SessionEvent, number];
const tick = (nowMs: number): [SessionEvent, number] => [{ type: "tick", nowMs }, nowMs];

describe("recordTimings", () => {
  it("times a web lead from submission to the end of its call", () => {
    const { day } = play([
      created(snapshot("WR1", { lead_created_at: new Date(T0 - 90_000).toISOString() })),
      event("accepted", "WR1", T0 + 3_400),
      tick(T0 + 18_400),
      event("wrapup", "WR1", T0 + 80_000),
      event("completed", "WR1", T0 + 95_000),
    ]);
    expect(day.tasks).toEqual([
      {
        reservationSid: "WR1",
        taskSid: "WTWR1",
        origin: "weblead",
        leadId: "L-WR1",
        leadAtMs: T0 - 90_000,
        leadSource: "lead_created_at",
        offeredAtMs: T0,
        acceptedAtMs: T0 + 3_400,
        dialedAtMs: T0 + 18_400,
        endedAtMs: T0 + 95_000,
        outcome: "completed",
      } satisfies TaskTiming,
    ]);
  });

  it("keeps no client name or phone", () => {
    const { day } = play([created(snapshot("WR1"))]);
    expect(JSON.stringify(day)).not.toMatch(/Ada Client|6175550100/);
  });

  it("takes the task's creation as the lead time when the workflow sets none, else says it has none", () => {
    const fromTask = play([created(snapshot("WR1"))]).day.tasks[0];
    expect(fromTask).toMatchObject({ leadAtMs: T0 - 30_000, leadSource: "task" });
    const { taskCreatedSec: _, ...noTaskTime } = snapshot("WR2");
    const fromOffer = play([created(noTaskTime)]).day.tasks[0];
    expect(fromOffer).toMatchObject({ leadAtMs: T0, leadSource: "offer" });
  });

  it("closes a missed offer as missed, at the timeout", () => {
    const { day } = play([created(snapshot("WR1")), event("timeout", "WR1", T0 + 10_000)]);
    expect(day.tasks[0]).toMatchObject({ outcome: "missed", acceptedAtMs: null, endedAtMs: T0 + 10_000 });
  });

  it("has no dial for a call that ended during its review", () => {
    const { day } = play([
      created(snapshot("WR1")),
      event("accepted", "WR1", T0 + 2_000),
      event("wrapup", "WR1", T0 + 9_000),
      event("completed", "WR1", T0 + 12_000),
    ]);
    expect(day.tasks[0]).toMatchObject({ dialedAtMs: null, endedAtMs: T0 + 12_000, outcome: "completed" });
  });

  it("returns the same day when the session shows nothing new", () => {
    const { day, session } = play([created(snapshot("WR1")), event("accepted", "WR1", T0 + 2_000)]);
    expect(recordTimings(day, session, T0 + 3_000)).toBe(day);
  });

  it("never forgets a time a later look lacks, nor reopens an ended task", () => {
    const { day, session } = play([created(snapshot("WR1")), event("accepted", "WR1", T0 + 2_000)]);
    const amnesiac: AgentSession = {
      ...session,
      reservations: session.reservations.map((r) => ({ ...r, acceptedAtMs: undefined, phase: "wrapup" })),
    };
    expect(recordTimings(day, amnesiac, T0 + 30_000).tasks[0]?.acceptedAtMs).toBe(T0 + 2_000);
    const ended = play([created(snapshot("WR1")), event("timeout", "WR1", T0 + 10_000)]).day;
    const again = recordTimings(ended, { reservations: session.reservations, history: [] }, T0 + 20_000);
    expect(again).toBe(ended);
  });

  it("leaves out an offer made before the day began", () => {
    const early = snapshot("WR1", {}, { dateCreatedSec: sec(DAY.startMs - 1_000) });
    expect(play([created(early, DAY.startMs + 500)]).day.tasks).toEqual([]);
  });

  it("keeps tasks oldest offer first, at most DAY_TASK_LIMIT of the latest", () => {
    const events = Array.from({ length: DAY_TASK_LIMIT + 5 }, (_, i) =>
      created(snapshot(`WR${i}`, {}, { dateCreatedSec: sec(T0 + (DAY_TASK_LIMIT + 5 - i) * 1_000) })),
    );
    const { tasks } = play(events).day;
    expect(tasks).toHaveLength(DAY_TASK_LIMIT);
    const offers = tasks.map((t) => t.offeredAtMs);
    expect(offers).toEqual([...offers].sort((a, b) => a - b));
    expect(tasks.at(-1)?.reservationSid).toBe("WR0");
  });

  it("cuts an overlong lead id", () => {
    const { day } = play([created(snapshot("WR1", { lead_id: "L".repeat(5_000) }))]);
    expect(Array.from(day.tasks[0]?.leadId ?? "")).toHaveLength(LEAD_ID_MAX);
  });
});
