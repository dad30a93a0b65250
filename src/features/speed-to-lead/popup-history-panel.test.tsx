// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { timeToAcceptText } from "../../../popup/task-text.ts";
import { fakeHistory } from "../../../tests/unit/popup/fake-view.ts";
import { byTestId, mount } from "../../../tests/unit/popup/render.ts";
import { HistoryPanel } from "./popup-history-panel.tsx";

describe("HistoryPanel", () => {
  it("says when this session has no tasks yet", () => {
    const root = mount(<HistoryPanel history={[]} />);
    expect(root.textContent).toContain("No tasks yet in this browser session.");
  });

  it("lists each task with its outcome and time to accept, newest first as given", () => {
    const history = [
      fakeHistory(3, { outcome: "missed", timeToAcceptMs: null, name: null }),
      fakeHistory(2, { outcome: "transferred", origin: "inbound", timeToAcceptMs: 2_000 }),
      fakeHistory(1, { outcome: "accepted", timeToAcceptMs: 65_000 }),
    ];
    const items = [...byTestId(mount(<HistoryPanel history={history} />), "hb-history").children];
    expect(items.map((li) => li.getAttribute("data-outcome"))).toEqual(["missed", "transferred", "accepted"]);
    expect(items[0]?.textContent).toContain("—");
    expect(items[0]?.textContent).toContain("Missed");
    expect(items[0]?.textContent).not.toContain("accepted in");
    expect(items[1]?.textContent).toContain("Inbound call");
    expect(items[1]?.querySelector('[data-field="time-to-accept"]')?.textContent).toBe("2.0 s");
    expect(items[2]?.querySelector('[data-field="time-to-accept"]')?.textContent).toBe("1 min 05 s");
  });

  it("shows at most the last 20", () => {
    const history = Array.from({ length: 25 }, (_, i) => fakeHistory(i + 1));
    expect(byTestId(mount(<HistoryPanel history={history} />), "hb-history").children).toHaveLength(20);
  });

  it("formats time to accept", () => {
    expect(timeToAcceptText(null)).toBe("—");
    expect(timeToAcceptText(-5)).toBe("—");
    expect(timeToAcceptText(3_449)).toBe("3.4 s");
    expect(timeToAcceptText(120_000)).toBe("2 min 00 s");
  });
});
