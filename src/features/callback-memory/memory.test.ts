import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  CallbackMemoryState,
  forAgent,
  MEMORY_LIMIT,
  recallLead,
  rememberLead,
  withinWindow,
} from "./memory.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 29, 15, 0);
const key = (n: number) => n.toString(16).padStart(64, "0");
const lead = (n: number, calledAtMs = NOW, leadId = `L-${n}`) => ({ numberKey: key(n), leadId, calledAtMs });
const memory = (...leads: ReturnType<typeof lead>[]): CallbackMemoryState => ({ agent: "ada", leads });

describe("rememberLead", () => {
  it("adds a popped lead", () => {
    expect(rememberLead(memory(), lead(1), NOW, 14).leads).toEqual([lead(1)]);
  });

  it("points a number called again at its latest lead", () => {
    const next = rememberLead(memory(lead(1, NOW - DAY, "L-old"), lead(2)), lead(1, NOW, "L-new"), NOW, 14);
    expect(next.leads).toEqual([lead(2), lead(1, NOW, "L-new")]);
  });

  it("drops entries past the window in the same step", () => {
    const old = lead(1, NOW - 14 * DAY);
    const young = lead(2, NOW - 14 * DAY + 1);
    expect(rememberLead(memory(old, young), lead(3), NOW, 14).leads).toEqual([young, lead(3)]);
  });

  it("keeps nothing when the memory is off (0 days), and empties what was kept", () => {
    expect(rememberLead(memory(lead(1)), lead(2), NOW, 0).leads).toEqual([]);
    const empty = memory();
    expect(rememberLead(empty, lead(2), NOW, 0)).toBe(empty);
  });

  it(`keeps at most ${MEMORY_LIMIT}, the oldest going first`, () => {
    const full = memory(...Array.from({ length: MEMORY_LIMIT }, (_, i) => lead(i + 1)));
    const next = rememberLead(full, lead(0), NOW, 14);
    expect(next.leads).toHaveLength(MEMORY_LIMIT);
    expect(next.leads[0]).toEqual(lead(2));
    expect(next.leads.at(-1)).toEqual(lead(0));
  });
});

describe("recallLead", () => {
  const state = memory(lead(1, NOW - 3 * DAY), lead(2, NOW - 20 * DAY));

  it("finds the lead of a number within the window", () => {
    expect(recallLead(state, key(1), NOW, 14)).toEqual(lead(1, NOW - 3 * DAY));
  });

  it("forgets a lead past the window, even before it is pruned", () => {
    expect(recallLead(state, key(2), NOW, 14)).toBeNull();
    expect(recallLead(state, key(2), NOW, 30)).toEqual(lead(2, NOW - 20 * DAY));
  });

  it("finds nothing for another number, or with the memory off", () => {
    expect(recallLead(state, key(3), NOW, 14)).toBeNull();
    expect(recallLead(state, key(1), NOW, 0)).toBeNull();
  });
});

describe("withinWindow", () => {
  it("returns the same list when nothing expired (so nothing is written again)", () => {
    const leads = [lead(1)];
    expect(withinWindow(leads, NOW, 14)).toBe(leads);
  });
});

describe("forAgent", () => {
  it("keeps the agent's own memory", () => {
    const state = memory(lead(1));
    expect(forAgent(state, "ada")).toBe(state);
  });

  it("wipes another agent's leads", () => {
    expect(forAgent(memory(lead(1)), "grace")).toEqual({ agent: "grace", leads: [] });
  });
});

describe("CallbackMemoryState, the schema it is read back with", () => {
  const read = (stored: unknown) => {
    const result = v.safeParse(CallbackMemoryState, stored);
    return result.success ? result.output : null;
  };

  it("reads back what was stored", () => {
    const state = memory(lead(1), lead(2));
    expect(read(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it.each([undefined, null, "x", 42, [], { agent: 3, leads: [] }, { agent: "ada", leads: "x" }])(
    "is no memory at all from %j",
    (stored) => {
      expect(read(stored)).toBeNull();
    },
  );

  it("drops malformed entries, never trusts them", () => {
    const stored = {
      agent: "ada",
      leads: [
        lead(1),
        { numberKey: "6175550123", leadId: "L-plain-number", calledAtMs: NOW },
        { numberKey: key(2), leadId: "", calledAtMs: NOW },
        { numberKey: key(3), leadId: "L-3", calledAtMs: "yesterday" },
        { numberKey: key(4), leadId: "L-4", calledAtMs: Number.NaN },
        null,
      ],
    };
    expect(read(stored)).toEqual(memory(lead(1)));
  });
});
