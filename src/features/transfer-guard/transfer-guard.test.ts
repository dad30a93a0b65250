// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { TRANSFER_CONTROLS } from "../../../content-scripts/flex/flex-landmarks.ts";
import { inHandView, view } from "../../../tests/unit/fake-view.ts";
import { type FlexDomSpec, mountFlex, settle, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

const CALL: FlexDomSpec = { call: { title: "Grace Hopper", directory: true, menu: true } };
const controls = () => [...document.querySelectorAll<HTMLElement>(TRANSFER_CONTROLS)];

function clickAll(): void {
  for (const control of controls())
    control.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
}

describe("the transfer guard", () => {
  it("on a weblead call disables every transfer control and says why", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inHandView({ origin: "weblead" }));
    expect(controls()).toHaveLength(5);
    for (const control of controls()) {
      expect(control.hasAttribute("disabled")).toBe(true);
      expect(control.getAttribute("aria-disabled")).toBe("true");
    }
    const notice = testId("hb-transfer-blocked");
    expect(notice?.textContent).toMatch(/web lead.*Only inbound calls go to customer service/);
    expect(notice?.getAttribute("role")).toBe("status");
    expect(notice?.tabIndex).toBe(0);
  });

  it("stops clicks on transfer controls, also on nodes Flex just re-rendered (before any re-apply)", async () => {
    const flex = mountFlex(CALL);
    started = start();
    started.overlays.setView(inHandView({ origin: "unknown" }));
    clickAll();
    flex.render(CALL); // fresh, not yet disabled nodes
    expect(controls().every((c) => !c.hasAttribute("disabled"))).toBe(true);
    clickAll();
    for (const control of controls()) {
      control.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    }
    expect(flex.clicks).toEqual([]);
    await settle();
    expect(controls().every((c) => c.getAttribute("aria-disabled") === "true")).toBe(true);
    expect(document.querySelectorAll('[data-testid="hb-transfer-blocked"]')).toHaveLength(1);
    // Something else on the canvas still works.
    document.querySelector<HTMLElement>('[data-testid="hangup-footer"]')?.click();
    expect(flex.clicks).toEqual(["hangup-footer"]);
  });

  it("holds when the directory opens later", async () => {
    const flex = mountFlex({ call: { title: "Grace Hopper" } });
    started = start();
    started.overlays.setView(inHandView({ origin: "weblead" }));
    flex.render(CALL);
    await settle();
    expect(controls()).toHaveLength(5);
    expect(controls().every((c) => c.hasAttribute("disabled"))).toBe(true);
    clickAll();
    expect(flex.clicks).toEqual([]);
  });

  it("fails closed while a call shows and the extension doesn't know the task: no view, not connected, no task", () => {
    const flex = mountFlex(CALL);
    started = start();
    for (const v of [
      null,
      inHandView(
        { origin: "inbound", transferAllowed: true },
        { connection: { status: "reconnecting", detail: null, identity: null, retryAtMs: null } },
      ),
      view(),
    ]) {
      started.overlays.setView(v);
      expect(testId("hb-transfer-blocked")?.textContent).toMatch(/Transfer is off/);
      clickAll();
    }
    expect(flex.clicks).toEqual([]);
  });

  it("on an inbound call leaves the controls exactly as Flex made them, and lets clicks through", () => {
    const flex = mountFlex(CALL);
    const confirm = document.querySelector<HTMLElement>('[data-testid="confirm-transfer-button"]');
    confirm?.setAttribute("aria-disabled", "false");
    const flexMade = controls().map((c) => c.outerHTML);
    started = start();
    started.overlays.setView(inHandView({ origin: "weblead" }));
    expect(controls().map((c) => c.outerHTML)).not.toEqual(flexMade);
    started.overlays.setView(inHandView({ origin: "inbound", transferAllowed: true }));
    expect(controls().map((c) => c.outerHTML)).toEqual(flexMade);
    expect(testId("hb-transfer-blocked")).toBeNull();
    clickAll();
    expect(flex.clicks).toHaveLength(5);
  });

  it("re-asserts when Flex itself re-enables a control, and restores what Flex last set", async () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inHandView({ origin: "weblead" }));
    const button = document.querySelector<HTMLButtonElement>('[data-testid="call-transfer"]');
    if (!button) throw new Error("no transfer button");
    button.disabled = false; // Flex writes its own state
    await settle();
    expect(button.disabled).toBe(true);
    button.setAttribute("aria-disabled", "false");
    button.disabled = true; // and now Flex wants it disabled itself
    await settle();
    expect(button.getAttribute("aria-disabled")).toBe("true");
    started.overlays.setView(inHandView({ origin: "inbound", transferAllowed: true }));
    expect(button.disabled).toBe(true);
    expect(button.getAttribute("aria-disabled")).toBe("false");
  });

  it("shows no notice where there is no call", () => {
    mountFlex({ cards: [{ title: "Grace Hopper", pending: true }] });
    started = start();
    started.overlays.setView(null);
    expect(testId("hb-transfer-blocked")).toBeNull();
  });
});
