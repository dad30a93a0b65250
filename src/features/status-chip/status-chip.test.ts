// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { reservation, view } from "../../../tests/unit/fake-view.ts";
import { mountFlex, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";
import type { ConnectionStatus } from "../../protocol/messages.ts";

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

const chip = () => testId("hb-status");
/** The chip's words, without its fix button's. */
const said = () => chip()?.querySelector(".hb-chip-text")?.textContent;
const fix = () => testId("hb-status-fix") as HTMLButtonElement | null;
const connection = (status: ConnectionStatus, detail: string | null = null) => ({
  connection: { status, detail, identity: null, retryAtMs: null },
});

describe("the status chip in Flex's top bar (hb-status)", () => {
  it("sits in Flex's header and says so before the first view, without a fix", () => {
    mountFlex({});
    started = start();
    expect(chip()?.closest(".Twilio-MainHeader")).not.toBeNull();
    expect(chip()?.textContent).toBe("HunkBridge: starting…");
    expect(chip()?.getAttribute("role")).toBe("status");
    expect(fix()?.hidden).toBe(true);
  });

  it("uses the popup's words for every status, and the detail as its title", () => {
    mountFlex({});
    started = start();
    const cases: Array<[ConnectionStatus, string]> = [
      ["connected", "HunkBridge: Connected"],
      ["reconnecting", "HunkBridge: Reconnecting…"],
      ["refused", "HunkBridge: Sign-in refused"],
      ["not-configured", "HunkBridge: Not configured"],
      ["waiting-for-flex", "HunkBridge: Waiting for Flex"],
      ["token-service-down", "HunkBridge: Token service down"],
    ];
    for (const [status, text] of cases) {
      started.overlays.setView(view(connection(status, `why ${status}`)));
      expect(chip()?.textContent?.startsWith(text), status).toBe(true);
      expect(chip()?.getAttribute("data-status")).toBe(status);
      expect(chip()?.getAttribute("title")).toBe(`why ${status}`);
    }
    expect(document.querySelectorAll('[data-testid="hb-status"]')).toHaveLength(1);
  });

  it("offers the popup's one fix, as it applies on Flex, and asks for it on click", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view(connection("connected")));
    expect(fix()?.hidden).toBe(true);
    started.overlays.setView(view(connection("token-service-down")));
    expect(fix()?.hidden).toBe(false);
    expect(fix()?.textContent).toBe("Retry now");
    fix()?.click();
    started.overlays.setView(view(connection("waiting-for-flex")));
    expect(fix()?.textContent).toBe("Reload Flex");
    fix()?.click();
    started.overlays.setView(view(connection("not-configured")));
    expect(fix()?.textContent).toBe("Open settings");
    fix()?.click();
    expect(started.fixes).toEqual(["retry", "open-flex", "open-options"]);
  });

  it("says the transfer guard is off when HunkBridge's listeners on Flex's actions stop answering, with its fix", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view(connection("connected")));
    expect(chip()?.textContent).toBe("HunkBridge: Connected");
    started.actions.health = "off";
    started.overlays.actionEvent({ kind: "guard-health", health: "off" });
    expect(chip()?.textContent?.startsWith("HunkBridge: transfer guard off")).toBe(true);
    expect(chip()?.getAttribute("data-guard")).toBe("off");
    expect(chip()?.getAttribute("title")).toMatch(/stay blocked at Twilio/);
    expect(fix()?.textContent).toBe("Reload Flex");
    fix()?.click();
    expect(started.fixes).toEqual(["open-flex"]);
    started.actions.health = "on";
    started.overlays.actionEvent({ kind: "guard-health", health: "on" });
    expect(chip()?.textContent).toBe("HunkBridge: Connected");
  });

  it("offers a reload of Flex when the guard's answers can't be proven, but only signed in and between calls", () => {
    mountFlex({});
    started = start();
    started.actions.health = "unproven";
    // During a call: what it always says, no reload.
    const onCall = reservation({ phase: "dialing", acceptedAtMs: 1, dialAtMs: 2 });
    started.overlays.setView(
      view({ ...connection("connected"), reservations: [onCall], inHand: onCall.sid }),
    );
    started.overlays.actionEvent({ kind: "guard-health", health: "unproven" });
    expect(said()).toBe("HunkBridge: Connected");
    expect(chip()?.getAttribute("data-guard")).toBe("unproven");
    expect(fix()?.hidden).toBe(true);
    // A sign-in problem comes first, with its own fix.
    started.overlays.setView(view(connection("refused")));
    expect(said()).toBe("HunkBridge: Sign-in refused");
    expect(fix()?.textContent).toBe("Retry now");
    // Signed in, nothing in hand (wrap-up is not a call): the same words, and the reload as the fix.
    const wrapping = reservation({ phase: "wrapup", acceptedAtMs: 1, dialAtMs: 2 });
    started.overlays.setView(view({ ...connection("connected"), reservations: [wrapping] }));
    expect(said()).toBe("HunkBridge: Connected");
    expect(chip()?.getAttribute("title")).toMatch(/after Flex had started, so it can't yet prove/);
    expect(fix()?.hidden).toBe(false);
    expect(fix()?.textContent).toBe("Reload Flex");
    fix()?.click();
    expect(started.fixes).toEqual(["open-flex"]);
    started.actions.health = "on";
    started.overlays.actionEvent({ kind: "guard-health", health: "on" });
    expect(said()).toBe("HunkBridge: Connected");
    expect(fix()?.hidden).toBe(true);
  });

  it("comes back when Flex re-renders its header, and never renders the detail as markup", async () => {
    const flex = mountFlex({});
    started = start();
    started.overlays.setView(view(connection("refused", '<img src=x onerror="alert(1)">')));
    flex.render({});
    await new Promise((r) => setTimeout(r, 0));
    expect(chip()).not.toBeNull();
    expect(chip()?.querySelector("img")).toBeNull();
    expect(chip()?.getAttribute("title")).toBe('<img src=x onerror="alert(1)">');
  });
});

describe("the one-Flex-tab notice (hb-flex-tabs)", () => {
  it("shows beside the chip while Flex is open in more than one tab", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view({ ...connection("connected"), flexTabs: 1 }));
    expect(testId("hb-flex-tabs")).toBeNull();
    started.overlays.setView(view({ ...connection("connected"), flexTabs: 3 }));
    expect(testId("hb-flex-tabs")?.textContent).toBe(
      "Flex is open in 3 tabs; one is enough. Close the others: HunkBridge follows the one loaded last.",
    );
    expect(testId("hb-flex-tabs")?.closest(".Twilio-MainHeader")).not.toBeNull();
    started.overlays.setView(view({ ...connection("connected"), flexTabs: 1 }));
    expect(testId("hb-flex-tabs")).toBeNull();
  });
});
