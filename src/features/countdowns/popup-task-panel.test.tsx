// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { fakeReservation, fakeView } from "../../../tests/unit/popup/fake-view.ts";
import { byTestId, mount } from "../../../tests/unit/popup/render.ts";
import { TaskPanel } from "./popup-task-panel.tsx";

describe("TaskPanel", () => {
  it("says so when there is no task in hand", () => {
    const root = mount(<TaskPanel view={fakeView()} nowMs={0} />);
    expect(byTestId(root, "hb-current-task").textContent).toBe("No task in hand.");
    expect(root.querySelector('[data-testid="hb-offer"]')).toBeNull();
  });

  it("shows a pending offer with its accept countdown, rounded up like the Flex overlay", () => {
    const offer = fakeReservation(1, { acceptDeadlineMs: 10_000 });
    const root = mount(<TaskPanel view={fakeView({ reservations: [offer] })} nowMs={1_200} />);
    const card = byTestId(root, "hb-offer");
    expect(card.textContent).toContain("Grace Hopper");
    expect(card.textContent).toContain("Incoming: accept it in Flex");
    expect(byTestId(card, "hb-accept-countdown").textContent).toBe("9 s");
    expect(byTestId(card, "hb-accept-countdown").getAttribute("role")).toBe("timer");
  });

  it("stops the accept countdown at 0 s", () => {
    const offer = fakeReservation(1, { acceptDeadlineMs: 10_000 });
    const root = mount(<TaskPanel view={fakeView({ reservations: [offer] })} nowMs={12_000} />);
    expect(byTestId(root, "hb-accept-countdown").textContent).toBe("0 s");
  });

  it("shows the task in hand with client, origin, state and the dial countdown", () => {
    const inHand = fakeReservation(2, { phase: "review", acceptedAtMs: 5_000, dialAtMs: 20_000 });
    const view = fakeView({ reservations: [inHand], inHand: inHand.sid });
    const root = mount(<TaskPanel view={view} nowMs={8_000} />);
    const task = byTestId(root, "hb-current-task");
    expect(task.dataset.phase).toBe("review");
    expect(task.querySelector('[data-field="name"]')?.textContent).toBe("Grace Hopper");
    expect(task.querySelector('[data-field="phone"]')?.textContent).toBe("1-555-010-0199");
    expect(task.querySelector('[data-field="origin"]')?.textContent).toBe("Web lead");
    expect(task.querySelector('[data-field="lead"]')?.textContent).toContain("L-42");
    expect(task.querySelector('[data-field="state"]')?.textContent).toBe(
      "Accepted: reviewing before the call",
    );
    expect(byTestId(task, "hb-dial-countdown").textContent).toBe("12 s");
  });

  it("reads Dialing… when the review time is over", () => {
    const inHand = fakeReservation(2, { phase: "review", dialAtMs: 20_000 });
    const root = mount(
      <TaskPanel view={fakeView({ reservations: [inHand], inHand: inHand.sid })} nowMs={20_000} />,
    );
    expect(byTestId(root, "hb-dial-countdown").textContent).toBe("Dialing…");
  });

  it("lists a new offer beside the task in hand", () => {
    const inHand = fakeReservation(2, { phase: "wrapup" });
    const offer = fakeReservation(3, { client: { ...inHand.client, name: "Alan Turing" } });
    const root = mount(
      <TaskPanel view={fakeView({ reservations: [inHand, offer], inHand: inHand.sid })} nowMs={0} />,
    );
    expect(byTestId(root, "hb-current-task").textContent).toContain("Wrap-up");
    expect(byTestId(root, "hb-offer").textContent).toContain("Alan Turing");
  });

  it("renders missing fields as a dash and untrusted text as text", () => {
    const empty = {
      name: null,
      phone: null,
      leadId: null,
      email: null,
      address: null,
      zip: null,
      service: null,
    };
    const inbound = fakeReservation(4, {
      origin: "inbound",
      callback: true,
      phase: "dialing",
      client: { ...empty, name: '<img src=x onerror="alert(1)">' },
      problem: "The task's attributes are not valid JSON.",
    });
    const root = mount(
      <TaskPanel view={fakeView({ reservations: [inbound], inHand: inbound.sid })} nowMs={0} />,
    );
    const task = byTestId(root, "hb-current-task");
    expect(task.querySelector("img")).toBeNull();
    expect(task.querySelector('[data-field="name"]')?.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(task.querySelector('[data-field="phone"]')?.textContent).toBe("—");
    expect(task.querySelector('[data-field="origin"]')?.textContent).toBe("Inbound callback");
    expect(task.querySelector('[data-field="lead"]')).toBeNull();
    expect(task.querySelector('[data-field="problem"]')?.textContent).toContain("not valid JSON");
    expect(task.textContent).not.toContain("undefined");
  });
});
