import { describe, expect, it, vi } from "vitest";
import { openStore } from "../../background/persisted.ts";
import { STORES } from "../../background/stores.ts";
import {
  type AgentSession,
  EMPTY_SESSION,
  reduceSession,
  type SessionEvent,
} from "../../domain/reservation.ts";
import type { LocalDay } from "./speed-to-lead.ts";
import { LeadTimings, localDay } from "./worker-timings.ts";

const HOUR = 3_600_000;
/** Days of the test's own calendar: day n runs from n·24 h, so rollover needs no time zone. */
const dayOf = (ms: number): LocalDay => {
  const start = Math.floor(ms / (24 * HOUR)) * 24 * HOUR;
  return { startMs: start, endMs: start + 24 * HOUR };
};
const DAY2 = 2 * 24 * HOUR;
const T0 = DAY2 + 9 * HOUR;
const CONFIG = { acceptWindowSeconds: 10, reviewSeconds: 15 };

const LEAD_TIMINGS_KEY = STORES.leadTimings.key;

function fakeArea(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    get: vi.fn(async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {})),
    set: vi.fn(async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items))),
    remove: vi.fn(async (key: string) => void delete data[key]),
  };
}

function setup(initial: Record<string, unknown> = {}, startMs = T0) {
  let nowMs = startMs;
  const area = fakeArea(initial);
  const changed = vi.fn();
  const store = openStore(STORES.leadTimings, { local: area, session: fakeArea() });
  const timings = new LeadTimings({ store, now: () => nowMs, dayOf, changed });
  const setNow = (ms: number) => {
    nowMs = ms;
  };
  return { timings, area, changed, setNow };
}

function offered(sid: string, atMs = T0): AgentSession {
  const event: SessionEvent = {
    type: "created",
    atMs,
    reservation: {
      sid,
      taskSid: `WT${sid}`,
      status: "pending",
      dateCreatedSec: atMs / 1000,
      attributes: { type: "weblead", lead_id: `L-${sid}`, name: "Ada Client", phone: "+16175550100" },
    },
  };
  return reduceSession(EMPTY_SESSION, event, CONFIG);
}

const stored = (area: ReturnType<typeof fakeArea>) =>
  area.data[LEAD_TIMINGS_KEY] as { agent: string | null; day: { startMs: number; tasks: unknown[] } };

describe("LeadTimings", () => {
  it("records what the session shows, keeps it in the storage area and returns it to publish", async () => {
    const { timings, area } = setup();
    await timings.restore();
    timings.signedIn("ada@chhj.com");
    const today = timings.observe(offered("WR1"));
    expect(today.tasks.map((t) => t.leadId)).toEqual(["L-WR1"]);
    const { agent, ...day } = today;
    expect(agent).toBe("ada@chhj.com");
    expect(stored(area)).toEqual({ agent: "ada@chhj.com", day });
    expect(JSON.stringify(area.data)).not.toMatch(/Ada Client|6175550100/);
  });

  it("writes nothing when the session shows nothing new", async () => {
    const { timings, area } = setup();
    await timings.restore();
    const session = offered("WR1");
    timings.observe(session);
    area.set.mockClear();
    timings.observe(session);
    expect(area.set).not.toHaveBeenCalled();
  });

  it("restores today's record after a browser restart, and publishes it", async () => {
    const first = setup();
    await first.timings.restore();
    first.timings.signedIn("ada@chhj.com");
    first.timings.observe(offered("WR1"));
    const second = setup(first.area.data, T0 + HOUR);
    await second.timings.restore();
    expect(second.timings.today.tasks.map((t) => t.reservationSid)).toEqual(["WR1"]);
    expect(second.changed).toHaveBeenCalledWith(second.timings.today);
    second.timings.signedIn("ada@chhj.com");
    expect(second.timings.today.tasks).toHaveLength(1);
  });

  it("drops yesterday's record at start-up, from the disk too", async () => {
    const first = setup();
    await first.timings.restore();
    first.timings.observe(offered("WR1"));
    const next = setup(first.area.data, T0 + 24 * HOUR);
    await next.timings.restore();
    expect(next.timings.today).toEqual({ ...dayOf(T0 + 24 * HOUR), agent: null, tasks: [] });
    expect(stored(next.area).day.tasks).toEqual([]);
  });

  it("ignores an unreadable record, saying so, and writes over it with the first change", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { timings, area } = setup({ [LEAD_TIMINGS_KEY]: { agent: 3, day: "yes" } });
    await timings.restore();
    expect(timings.today.tasks).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`"${LEAD_TIMINGS_KEY}"`));
    timings.signedIn("ada@chhj.com");
    expect(stored(area)).toEqual({ agent: "ada@chhj.com", day: { ...dayOf(T0), tasks: [] } });
    warn.mockRestore();
  });

  it("drops another agent's figures when a new agent signs in, even the first of a browser session", async () => {
    const { timings, area, changed } = setup();
    await timings.restore();
    timings.signedIn("ada@chhj.com");
    timings.observe(offered("WR1"));
    changed.mockClear();
    timings.signedIn("grace@chhj.com");
    expect(timings.today.tasks).toEqual([]);
    expect(changed).toHaveBeenCalledWith(timings.today);
    expect(stored(area)).toEqual({ agent: "grace@chhj.com", day: { ...dayOf(T0), tasks: [] } });
  });

  it("starts a new day at midnight, by the clock it was given", async () => {
    const { timings, area, changed, setNow } = setup();
    await timings.restore();
    timings.observe(offered("WR1"));
    changed.mockClear();
    setNow(DAY2 + 24 * HOUR - 1);
    timings.rollover();
    expect(changed).not.toHaveBeenCalled();
    setNow(DAY2 + 24 * HOUR);
    timings.rollover();
    expect(changed).toHaveBeenCalledWith({ ...dayOf(DAY2 + 24 * HOUR), agent: null, tasks: [] });
    expect(stored(area).day.tasks).toEqual([]);
  });

  it("leaves an offer from before midnight out of the new day", async () => {
    const { timings, setNow } = setup();
    await timings.restore();
    const session = offered("WR1", DAY2 + 24 * HOUR - 2_000);
    setNow(DAY2 + 24 * HOUR + 1_000);
    expect(timings.observe(session).tasks).toEqual([]);
    expect(timings.today.startMs).toBe(DAY2 + 24 * HOUR);
  });
});

describe("localDay", () => {
  it("is the local calendar day around a moment", () => {
    const now = Date.now();
    const { startMs, endMs } = localDay(now);
    expect(startMs).toBeLessThanOrEqual(now);
    expect(endMs).toBeGreaterThan(now);
    expect(new Date(startMs).getHours()).toBe(0);
    expect(new Date(endMs).getHours()).toBe(0);
    expect(new Date(endMs).getDate()).not.toBe(new Date(startMs).getDate());
  });
});
