// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { view } from "../../../tests/unit/fake-view.ts";
import { mountFlex, settle, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

describe("the Offline banner", () => {
  it("shows after a missed reservation, as an alert with a keyboard-reachable button", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view());
    expect(testId("hb-offline-banner")).toBeNull();
    started.overlays.setView(view({ offlineAfterMiss: true }));
    const banner = testId("hb-offline-banner");
    expect(banner?.getAttribute("role")).toBe("alert");
    expect(banner?.textContent).toMatch(/Offline/);
    const button = testId("hb-go-available") as HTMLButtonElement;
    expect(button.tagName).toBe("BUTTON");
    expect(button.textContent).toBe("Go Available");
    expect(button.tabIndex).toBe(0);
  });

  it("asks for Available and goes when the view says so", async () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view({ offlineAfterMiss: true }));
    started.setAvailable.result = { ok: true, view: view({ offlineAfterMiss: false }) };
    testId("hb-go-available")?.click();
    expect((testId("hb-go-available") as HTMLButtonElement).disabled).toBe(true);
    await settle();
    expect(started.setAvailable.calls).toBe(1);
    expect(testId("hb-offline-banner")).toBeNull();
  });

  it("shows the error when it fails, and lets the agent try again", async () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view({ offlineAfterMiss: true }));
    started.setAvailable.result = { ok: false, error: "the worker is not connected" };
    testId("hb-go-available")?.click();
    await settle();
    expect(testId("hb-offline-banner")?.textContent).toMatch(
      /Couldn't go Available: the worker is not connected/,
    );
    const button = testId("hb-go-available") as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    button.click();
    await settle();
    expect(started.setAvailable.calls).toBe(2);
  });

  it("is put back if the page removes it", async () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view({ offlineAfterMiss: true }));
    testId("hb-offline-banner")?.remove();
    await settle();
    expect(document.querySelectorAll('[data-testid="hb-offline-banner"]')).toHaveLength(1);
  });
});
