// @vitest-environment happy-dom
import { act } from "preact/test-utils";
import { describe, expect, it, vi } from "vitest";
import { AVAILABLE, BREAK, fakeView, OFFLINE } from "../../../tests/unit/popup/fake-view.ts";
import { byTestId, click, mount } from "../../../tests/unit/popup/render.ts";
import { ActivityPanel } from "./popup-activity-panel.tsx";

const noop = () => {};

describe("ActivityPanel", () => {
  it("shows the activity and offers the workspace's own activities", () => {
    const root = mount(
      <ActivityPanel view={fakeView()} busy={false} onSetAvailable={noop} onSetActivity={noop} />,
    );
    expect(byTestId(root, "hb-activity").textContent).toBe("Unavailable");
    const select = root.querySelector("select") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "Available",
      "Unavailable",
      "Break",
      "Offline",
    ]);
    expect(select.value).toBe(fakeView().activity?.sid);
    // Labelled for screen readers even though the label is visually hidden.
    expect(select.closest("label")?.textContent).toContain("Change activity");
  });

  it("switches activity through the select", () => {
    const onSetActivity = vi.fn();
    const root = mount(
      <ActivityPanel view={fakeView()} busy={false} onSetAvailable={noop} onSetActivity={onSetActivity} />,
    );
    const select = root.querySelector("select") as HTMLSelectElement;
    act(() => {
      select.value = BREAK.sid;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(onSetActivity).toHaveBeenCalledWith(BREAK.sid);
  });

  it("goes Available in one click, and not when already Available", () => {
    const onSetAvailable = vi.fn();
    const root = mount(
      <ActivityPanel view={fakeView()} busy={false} onSetAvailable={onSetAvailable} onSetActivity={noop} />,
    );
    click(byTestId(root, "hb-set-available"));
    expect(onSetAvailable).toHaveBeenCalledOnce();

    const available = mount(
      <ActivityPanel
        view={fakeView({ activity: AVAILABLE })}
        busy={false}
        onSetAvailable={noop}
        onSetActivity={noop}
      />,
    );
    expect((byTestId(available, "hb-set-available") as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId(available, "hb-activity").dataset.available).toBe("true");
  });

  it("explains a missed task that set the agent Offline", () => {
    const view = fakeView({ activity: OFFLINE, offlineAfterMiss: true });
    const root = mount(<ActivityPanel view={view} busy={false} onSetAvailable={noop} onSetActivity={noop} />);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("A task was missed");
    expect((byTestId(root, "hb-set-available") as HTMLButtonElement).disabled).toBe(false);
  });

  it("offers no switcher while not connected", () => {
    const view = fakeView({
      activity: null,
      activities: [],
      connection: { status: "waiting-for-flex", detail: null, identity: null, retryAtMs: null },
    });
    const root = mount(<ActivityPanel view={view} busy={false} onSetAvailable={noop} onSetActivity={noop} />);
    expect(byTestId(root, "hb-activity").textContent).toBe("—");
    expect(root.querySelector("select")).toBeNull();
    expect(root.querySelector('[data-testid="hb-set-available"]')).toBeNull();
  });

  it("disables the controls while a change is under way", () => {
    const root = mount(
      <ActivityPanel view={fakeView()} busy={true} onSetAvailable={noop} onSetActivity={noop} />,
    );
    expect((root.querySelector("select") as HTMLSelectElement).disabled).toBe(true);
    expect((byTestId(root, "hb-set-available") as HTMLButtonElement).disabled).toBe(true);
  });
});
