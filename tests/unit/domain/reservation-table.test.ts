// The reservation's table walked as data: every phase reachable, every row's target a phase, every
// pair it doesn't list ignored; and the diagram in docs/architecture.md drawn from exactly its rows.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESERVATION_EVENTS } from "../../../src/background/worker-connection.ts";
import {
  CLOCK_EVENTS,
  dueAtMs,
  isAcceptedPhase,
  isEndedPhase,
  isJustAccepted,
  type LifeEvent,
  RESERVATION_PHASES,
  type ReservationEvent,
  type ReservationPhase,
  reduceReservation,
  stepReservation,
  TRANSITIONS,
  type TrackedReservation,
  TWILIO_EVENTS,
} from "../../../src/domain/reservation-lifecycle.ts";

const CONFIG = { acceptWindowSeconds: 10, reviewSeconds: 15 };
const T0 = 1_700_000_000_000;
const CLOCK: readonly string[] = CLOCK_EVENTS;

type Row = { from: ReservationPhase; event: LifeEvent; to: ReservationPhase };
const ROWS: Row[] = RESERVATION_PHASES.flatMap((from) =>
  Object.entries(TRANSITIONS[from]).map(([event, to]) => ({ from, event: event as LifeEvent, to })),
);

const edge = (row: Row) =>
  `${row.from} --${row.event}${CLOCK.includes(row.event) ? " (timed)" : ""}--> ${row.to}`;
const next = (phase: ReservationPhase, rows = ROWS) => rows.filter((r) => r.from === phase).map((r) => r.to);

function reachable(from: ReservationPhase, rows = ROWS): Set<ReservationPhase> {
  const seen = new Set<ReservationPhase>([from]);
  for (const phase of seen) for (const to of next(phase, rows)) seen.add(to);
  return seen;
}

/** A reservation in `phase`, accepted at T0 + 3 s (so it dials at T0 + 18 s) unless still an offer. */
function inPhase(phase: ReservationPhase): TrackedReservation {
  return {
    sid: "WR1",
    taskSid: "WT1",
    origin: "weblead",
    attributes: {},
    attributesError: null,
    createdAtMs: T0,
    acceptDeadlineMs: T0 + 10_000,
    phase,
    ...(phase === "pending" ? {} : { acceptedAtMs: T0 + 3_000, dialAtMs: T0 + 18_000 }),
  };
}
const message = (type: string, atMs = T0 + 5_000) => ({ type, sid: "WR1", atMs }) as ReservationEvent;

describe("the reservation's table", () => {
  it("moves only between known phases, on Twilio's events or the clock's", () => {
    const events: readonly string[] = [...TWILIO_EVENTS, ...CLOCK_EVENTS];
    for (const row of ROWS) {
      expect(RESERVATION_PHASES, edge(row)).toContain(row.to);
      expect(events, edge(row)).toContain(row.event);
    }
    for (const event of events)
      expect(
        ROWS.some((r) => r.event === event),
        event,
      ).toBe(true);
  });

  it("has a row for every event the SDK gives us", () => {
    for (const event of RESERVATION_EVENTS) expect(TWILIO_EVENTS).toContain(event);
  });

  it("reaches every phase from the offer, and every phase that isn't over can still end", () => {
    expect([...reachable("pending")].sort()).toEqual([...RESERVATION_PHASES].sort());
    for (const phase of RESERVATION_PHASES) {
      if (isEndedPhase(phase)) expect(next(phase), phase).toEqual([]);
      else expect([...reachable(phase)].some(isEndedPhase), phase).toBe(true);
    }
  });

  it("has in hand exactly what the accept leads to before an end", () => {
    const accepted = TRANSITIONS.pending.accepted as ReservationPhase;
    const inHand = [...reachable(accepted)].filter((p) => !isEndedPhase(p));
    expect(RESERVATION_PHASES.filter(isAcceptedPhase)).toEqual(inHand);
  });

  it("leads from the accept by time alone to review, then dialing", () => {
    expect(RESERVATION_PHASES.filter(isJustAccepted)).toEqual(["review", "dialing"]);
  });

  it("moves by the clock one row at a time: a timed row's target has no timed row", () => {
    const timed = ROWS.filter((r) => CLOCK.includes(r.event));
    expect(timed.map(edge)).toEqual(["review --reviewElapsed (timed)--> dialing"]);
    for (const row of timed) expect(next(row.to, timed), edge(row)).toEqual([]);
  });

  it.each(RESERVATION_PHASES)("%s: each of Twilio's events takes its row, or changes nothing", (phase) => {
    const before = inPhase(phase);
    for (const event of TWILIO_EVENTS) {
      const to = TRANSITIONS[phase][event];
      const after = reduceReservation(before, message(event), CONFIG);
      if (to === undefined) {
        expect(after, `${phase} + ${event}`).toBe(before);
        continue;
      }
      expect(after.phase, `${phase} + ${event}`).toBe(to);
      expect(after.endedAtMs, `${phase} + ${event}`).toBe(isEndedPhase(to) ? T0 + 5_000 : undefined);
    }
  });

  it.each(RESERVATION_PHASES)("%s: the clock fires its timed row at its due time, not before", (phase) => {
    const before = inPhase(phase);
    const due = dueAtMs(before);
    const timed = CLOCK_EVENTS.map((e) => TRANSITIONS[phase][e]).find((to) => to !== undefined);
    expect(due === null, phase).toBe(timed === undefined);
    const late = reduceReservation(before, { type: "tick", nowMs: Number.MAX_SAFE_INTEGER }, CONFIG);
    if (due === null) {
      expect(late).toBe(before);
      return;
    }
    expect(reduceReservation(before, { type: "tick", nowMs: due - 1 }, CONFIG)).toBe(before);
    expect(stepReservation(before, { type: "tick", nowMs: due }, CONFIG)).toMatchObject({
      reservation: { phase: timed },
      atMs: due,
    });
    expect(late.phase).toBe(timed);
  });

  it("ignores what isn't Twilio's event: the clock's by message, unknown names", () => {
    for (const phase of RESERVATION_PHASES) {
      const before = inPhase(phase);
      for (const type of [...CLOCK_EVENTS, "mystery", "constructor", "toString"]) {
        expect(reduceReservation(before, message(type, Number.MAX_SAFE_INTEGER), CONFIG), type).toBe(before);
      }
    }
  });
});

describe("the diagram in docs/architecture.md", () => {
  const markdown = readFileSync(new URL("../../../docs/architecture.md", import.meta.url), "utf8");

  /** The mermaid block that says it draws TRANSITIONS: its edges, and any line that is no edge. */
  function diagram(text: string): { start: string[]; edges: string[]; unread: string[] } {
    const blocks = [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
    const block = blocks.filter((b) => b.includes("%% TRANSITIONS"));
    expect(block, "one mermaid block marked %% TRANSITIONS").toHaveLength(1);
    const result = { start: [] as string[], edges: [] as string[], unread: [] as string[] };
    for (const line of (block[0] as string).split("\n").map((l) => l.trim())) {
      if (line === "" || line === "stateDiagram-v2" || line.startsWith("%%")) continue;
      const m = /^(\S+) --> (\S+): (\w+)(.*)$/.exec(line);
      if (m === null) result.unread.push(line);
      else if (m[1] === "[*]") result.start.push(`${m[2]} (${m[3]})`);
      else
        result.edges.push(
          `${m[1]} --${m[3]}${/\btimed\b/.test(m[4] as string) ? " (timed)" : ""}--> ${m[2]}`,
        );
    }
    return result;
  }

  it("draws exactly the table's rows, the timed one marked, from the offer", () => {
    const drawn = diagram(markdown);
    expect(drawn.unread).toEqual([]);
    expect(drawn.start).toEqual(["pending (created)"]);
    expect([...drawn.edges].sort()).toEqual(ROWS.map(edge).sort());
  });

  it("would notice an edge drawn wrong, missing or extra", () => {
    const wrong = markdown.replace(
      "review --> dialing: reviewElapsed (timed",
      "review --> wrapup: reviewElapsed (timed",
    );
    const missing = markdown.replace("    wrapup --> canceled: canceled\n", "");
    const extra = markdown.replace("stateDiagram-v2\n", "stateDiagram-v2\n    wrapup --> review: accepted\n");
    for (const text of [wrong, missing, extra]) {
      expect(text).not.toBe(markdown);
      expect([...diagram(text).edges].sort()).not.toEqual([...diagram(markdown).edges].sort());
    }
  });
});
