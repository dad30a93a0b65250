// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeHistory } from "../../../tests/unit/popup/fake-view.ts";
import { byTestId, click, mount } from "../../../tests/unit/popup/render.ts";
import { exportToday } from "./popup-export-today.ts";
import { HistoryPanel } from "./popup-history-panel.tsx";
import { SpeedToLeadPanel } from "./popup-speed-to-lead-panel.tsx";
import { durationText, stepText } from "./popup-timing-text.ts";
import type { TaskTiming } from "./speed-to-lead.ts";

const HOUR = 3_600_000;
const START = new Date(2025, 2, 4).getTime();
const DAY = { startMs: START, endMs: new Date(2025, 2, 5).getTime() };
const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;

function timing(n: number, patch: Partial<TaskTiming> = {}): TaskTiming {
  const offeredAtMs = START + 9 * HOUR + n * 600_000;
  return {
    reservationSid: sid("WR", n),
    taskSid: sid("WT", n),
    origin: "weblead",
    leadId: `L-${n}`,
    leadAtMs: offeredAtMs - 4_000,
    leadSource: "lead_created_at",
    offeredAtMs,
    acceptedAtMs: offeredAtMs + 3_400,
    dialedAtMs: offeredAtMs + 18_400,
    endedAtMs: offeredAtMs + 78_400,
    outcome: "completed",
    ...patch,
  };
}

const missed = (n: number) =>
  timing(n, {
    acceptedAtMs: null,
    dialedAtMs: null,
    endedAtMs: START + 9 * HOUR + n * 600_000 + 10_000,
    outcome: "missed",
  });

afterEach(() => vi.restoreAllMocks());

describe("SpeedToLeadPanel", () => {
  it("says when there is nothing yet today, with nothing to export", () => {
    const root = mount(<SpeedToLeadPanel today={{ ...DAY, tasks: [] }} onExport={() => {}} />);
    expect(byTestId(root, "hb-speed-to-lead").textContent).toContain("No offers yet today.");
    expect((byTestId(root, "hb-export-today") as HTMLButtonElement).disabled).toBe(true);
    expect(root.querySelector('[data-testid="hb-day-chart"]')).toBeNull();
  });

  it("shows the day's counts and spreads", () => {
    const today = {
      ...DAY,
      tasks: [timing(1), timing(2, { acceptedAtMs: START + 9 * HOUR + 1_200_000 + 5_400 }), missed(3)],
    };
    const figures = byTestId(mount(<SpeedToLeadPanel today={today} onExport={() => {}} />), "hb-day-figures");
    const field = (name: string) => figures.querySelector(`[data-field="${name}"]`)?.textContent;
    expect([field("offers"), field("accepted"), field("missed")]).toEqual(["3", "2", "1"]);
    expect(field("offer-to-accept")).toBe("median 4.4 s · p90 5.2 s");
    expect(field("lead-to-dial")).toBe("median 22.4 s · p90 22.4 s");
  });

  it("draws the chart with a text alternative, a dot per accept and a cross per miss", () => {
    const today = { ...DAY, tasks: [timing(1), timing(2), missed(3)] };
    const chart = byTestId(mount(<SpeedToLeadPanel today={today} onExport={() => {}} />), "hb-day-chart");
    const svg = chart.querySelector("svg");
    expect(svg?.getAttribute("role")).toBe("img");
    expect(svg?.getAttribute("aria-label")).toMatch(
      /^Offer to accept today, 2 accepted offers from .+ to .+: median 3\.4 s, 90th percentile 3\.4 s, slowest 3\.4 s; 1 missed offer\.$/,
    );
    expect(chart.querySelectorAll("circle.accepted")).toHaveLength(2);
    expect(chart.querySelectorAll("path.missed")).toHaveLength(1);
    expect(chart.querySelector("figcaption")?.textContent).toContain("× missed");
  });

  it("says so in words when nothing was accepted yet", () => {
    const chart = byTestId(
      mount(<SpeedToLeadPanel today={{ ...DAY, tasks: [missed(1)] }} onExport={() => {}} />),
      "hb-day-chart",
    );
    expect(chart.querySelector("svg")?.getAttribute("aria-label")).toMatch(
      /^Offer to accept today: no accepted offer yet, 1 missed offer from .+ to .+\.$/,
    );
  });

  it("renders a lead id from the workflow as text, never as markup", () => {
    const today = { ...DAY, tasks: [timing(1, { leadId: "<img src=x onerror=alert(1)>" })] };
    const root = mount(<SpeedToLeadPanel today={today} onExport={() => {}} />);
    expect(root.querySelector("img")).toBeNull();
  });

  it("exports on request", () => {
    const onExport = vi.fn();
    const root = mount(<SpeedToLeadPanel today={{ ...DAY, tasks: [timing(1)] }} onExport={onExport} />);
    click(byTestId(root, "hb-export-today"));
    expect(onExport).toHaveBeenCalledOnce();
  });
});

describe("exportToday", () => {
  it("saves the day's CSV through a download link named after the day", async () => {
    let blob: Blob | undefined;
    vi.spyOn(URL, "createObjectURL").mockImplementation((b) => {
      blob = b as Blob;
      return "blob:csv";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    exportToday({ ...DAY, tasks: [timing(1)], agent: "ada@chhj.com" });
    expect(clicked.map((a) => [a.download, a.getAttribute("href")])).toEqual([
      ["hunkbridge-speed-to-lead-2025-03-04.csv", "blob:csv"],
    ]);
    const csv = await blob?.text();
    expect(csv?.split("\r\n")[1]).toContain('"L-1","weblead","completed"');
    expect(csv?.split("\r\n")[1]?.endsWith(',"ada@chhj.com"')).toBe(true);
  });
});

describe("HistoryPanel with today's timings", () => {
  it("shows each step's duration of a task, and a missed offer as missed", () => {
    const history = [
      fakeHistory(2, { outcome: "missed", timeToAcceptMs: null }),
      fakeHistory(1, { outcome: "completed", timeToAcceptMs: 3_400 }),
    ];
    const root = mount(<HistoryPanel history={history} timings={[timing(1), missed(2)]} />);
    const [missedItem, doneItem] = byTestId(root, "hb-history").children;
    const steps = (li: Element | undefined) =>
      [...(li?.querySelectorAll('[data-testid="hb-task-timeline"] li') ?? [])].map((s) => s.textContent);
    expect(steps(doneItem)).toEqual([
      "lead to offer 4.0 s",
      "accepted in 3.4 s",
      "review 15.0 s",
      "call 1 min 00 s",
    ]);
    expect(doneItem?.querySelector('[data-field="time-to-accept"]')?.textContent).toBe("3.4 s");
    expect(doneItem?.textContent?.match(/accepted in/g)).toHaveLength(1);
    expect(steps(missedItem)).toEqual(["lead to offer 4.0 s", "missed after 10.0 s"]);
  });

  it("falls back to the time to accept for a task without timings (offered before midnight)", () => {
    const root = mount(<HistoryPanel history={[fakeHistory(1, { timeToAcceptMs: 2_000 })]} timings={[]} />);
    expect(root.querySelector('[data-testid="hb-task-timeline"]')).toBeNull();
    expect(root.querySelector('[data-field="time-to-accept"]')?.textContent).toBe("2.0 s");
  });
});

describe("timing words", () => {
  it("names steps by their ends, an end that isn't the call's by its outcome", () => {
    expect(stepText({ from: "accepted", to: "dialed" }, "completed")).toBe("review");
    expect(stepText({ from: "offered", to: "ended" }, "rejected")).toBe("rejected after");
    expect(stepText({ from: "accepted", to: "ended" }, "transferred")).toBe("transferred after");
  });

  it("writes long durations in hours", () => {
    expect(durationText(3_400)).toBe("3.4 s");
    expect(durationText(2 * HOUR + 5 * 60_000)).toBe("2 h 05 min");
  });
});
