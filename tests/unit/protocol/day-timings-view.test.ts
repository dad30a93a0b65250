import { describe, expect, it } from "vitest";
import { INITIAL_VIEW } from "../../../src/background/session-view.ts";
import {
  DAY_TASK_LIMIT,
  LEAD_ID_MAX,
  type TaskTiming,
} from "../../../src/features/speed-to-lead/speed-to-lead.ts";
import { parse, ViewPush } from "../../../src/protocol/messages.ts";

const task: TaskTiming = {
  reservationSid: `WR${"a".repeat(32)}`,
  taskSid: `WT${"a".repeat(32)}`,
  origin: "weblead",
  leadId: "L-1",
  leadAtMs: 1_000,
  leadSource: "task",
  offeredAtMs: 2_000,
  acceptedAtMs: 3_000,
  dialedAtMs: null,
  endedAtMs: null,
  outcome: "accepted",
};
const push = (tasks: unknown[]) => ({
  type: "view",
  view: { ...INITIAL_VIEW, today: { startMs: 0, endMs: 86_400_000, tasks, agent: "ada@chhj.com" } },
});

describe("the view's day of timings", () => {
  it("is validated with every push", () => {
    expect(parse(ViewPush, { type: "view", view: INITIAL_VIEW }).ok).toBe(true);
    expect(parse(ViewPush, push([task])).ok).toBe(true);
    expect(parse(ViewPush, push([{ ...task, outcome: "lost" }])).ok).toBe(false);
    expect(parse(ViewPush, push([{ ...task, leadSource: "guess" }])).ok).toBe(false);
  });

  it("is bounded: at most DAY_TASK_LIMIT tasks, lead ids of LEAD_ID_MAX code points", () => {
    expect(parse(ViewPush, push(Array(DAY_TASK_LIMIT).fill(task))).ok).toBe(true);
    expect(parse(ViewPush, push(Array(DAY_TASK_LIMIT + 1).fill(task)))).toMatchObject({
      ok: false,
      error: expect.stringContaining("view.today.tasks"),
    });
    expect(parse(ViewPush, push([{ ...task, leadId: "😀".repeat(LEAD_ID_MAX) }])).ok).toBe(true);
    expect(parse(ViewPush, push([{ ...task, leadId: "L".repeat(2 * LEAD_ID_MAX + 1) }])).ok).toBe(false);
  });

  it("carries no client name or phone, only what a timing has", () => {
    const parsed = parse(ViewPush, push([{ ...task, name: "Ada Client", phone: "+16175550100" }]));
    expect(parsed.ok && JSON.stringify(parsed.value.view.today)).not.toMatch(/Ada Client|6175550100/);
  });
});
