// @vitest-environment happy-dom
// The cold transfer to customer service, the notices about what the Actions listeners stopped and
// the caller ID line: the decisions, then the overlay controller on a Flex-like DOM.
import { afterEach, describe, expect, it } from "vitest";
import { NOTICE_MS } from "../../../content-scripts/flex/overlays/action-notice.ts";
import { inHandView, reservation, view } from "../../../tests/unit/fake-view.ts";
import { type FlexDomSpec, mountFlex, settle, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";
import type { AgentView, ReservationView } from "../../protocol/messages.ts";
import { refusedDialText } from "../dial-rule/dial-decision.ts";
import { stoppedTransferText } from "../transfer-guard/guard-decision.ts";
import { customerServiceTransfer } from "./offer.ts";

const TARGET = `WQ${"c".repeat(32)}`;
const CALLER_ID = "+18553409128";
const CALLING = { callerId: CALLER_ID, customerServiceTarget: TARGET };
const INBOUND: Partial<ReservationView> = { origin: "inbound", transferAllowed: true };

/** An inbound call in hand with the customer-service target configured. */
function inboundView(patch: Partial<ReservationView> = {}, viewPatch: Partial<AgentView> = {}): AgentView {
  return inHandView({ ...INBOUND, ...patch }, { calling: CALLING, ...viewPatch });
}

describe("customerServiceTransfer", () => {
  it("offers the reservation in hand and the target for a connected inbound call under review", () => {
    const v = inboundView();
    expect(customerServiceTransfer(v)).toEqual({ sid: v.inHand, targetSid: TARGET });
  });

  it("offers it while dialing too", () => {
    const v = inboundView({ phase: "dialing" });
    expect(customerServiceTransfer(v)).toEqual({ sid: v.inHand, targetSid: TARGET });
  });

  const none: Array<[string, AgentView | null]> = [
    ["no view", null],
    [
      "no target configured",
      inHandView(INBOUND, { calling: { callerId: CALLER_ID, customerServiceTarget: null } }),
    ],
    ["the initial calling config (no target)", inHandView(INBOUND)],
    ["a weblead", inboundView({ origin: "weblead" })],
    ["a weblead that claims to be allowed", inboundView({ origin: "weblead", transferAllowed: true })],
    ["an unknown origin", inboundView({ origin: "unknown", transferAllowed: true })],
    ["inbound but not allowed", inboundView({ transferAllowed: false })],
    ["in wrap-up", inboundView({ phase: "wrapup" })],
    ["already transferred", inboundView({ phase: "transferred" })],
    ["pending (not accepted)", inboundView({ phase: "pending" })],
    [
      "reconnecting",
      inboundView(
        {},
        { connection: { status: "reconnecting", detail: null, identity: null, retryAtMs: null } },
      ),
    ],
    [
      "signing in",
      inboundView(
        {},
        { connection: { status: "signing-in", detail: null, identity: null, retryAtMs: null } },
      ),
    ],
    ["nothing in hand", view({ calling: CALLING })],
    [
      "an inbound offer that isn't in hand",
      view({ calling: CALLING, reservations: [reservation({ ...INBOUND, phase: "review" })], inHand: null }),
    ],
    [
      "a pending inbound offer beside a weblead in hand",
      (() => {
        const v = inboundView({ origin: "weblead", transferAllowed: false });
        return { ...v, reservations: [...v.reservations, reservation({ ...INBOUND })] };
      })(),
    ],
  ];
  it.each(none)("offers nothing: %s", (_name, v) => {
    expect(customerServiceTransfer(v)).toBeNull();
  });
});

describe("notice texts", () => {
  it.each([
    ["weblead", /^Transfer stopped: this call is a web lead\. Only inbound calls go to customer service\.$/],
    [
      "unknown",
      /^Transfer stopped: this call's origin is unknown\. Only inbound calls go to customer service\.$/,
    ],
    [
      "no-task",
      /^Transfer stopped: Flex didn't say which call it was\. Only inbound calls go to customer service\.$/,
    ],
  ] as const)("says why a %s transfer was stopped", (origin, text) => {
    expect(stoppedTransferText(origin)).toMatch(text);
  });

  it("says why a number was not dialed", () => {
    expect(
      refusedDialText("A NANP number has 10 digits (or 11 starting with 1); this one has 7 digits."),
    ).toBe("Not dialed: A NANP number has 10 digits (or 11 starting with 1); this one has 7 digits.");
  });
});

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

const CALL: FlexDomSpec = { call: { title: "Grace Hopper", directory: true, menu: true } };

const panel = () => testId("hb-cs-panel");
const ask = () => testId("hb-cs-transfer") as HTMLButtonElement | null;
const confirm = () => testId("hb-cs-transfer-confirm") as HTMLButtonElement | null;
const cancel = () => testId("hb-cs-transfer-cancel") as HTMLButtonElement | null;
const confirmBox = () => panel()?.querySelector<HTMLElement>(".hb-cs-confirm") ?? null;
const status = () => panel()?.querySelector<HTMLElement>(".hb-status") ?? null;

/** Visible as far as `hidden` goes, up to the document. */
function shown(el: HTMLElement | null): boolean {
  for (let node: HTMLElement | null = el; node; node = node.parentElement) if (node.hidden) return false;
  return el !== null;
}

describe("the customer-service transfer panel", () => {
  it("shows on a live inbound call in hand, inside the call canvas, asking first", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    expect(document.querySelectorAll('[data-testid="hb-cs-panel"]')).toHaveLength(1);
    expect(panel()?.closest(".Twilio-CallCanvas")).not.toBeNull();
    expect(ask()?.tagName).toBe("BUTTON");
    expect(ask()?.textContent).toBe("Transfer to customer service");
    expect(shown(ask())).toBe(true);
    expect(shown(confirmBox())).toBe(false);
    expect(shown(status())).toBe(false);
  });

  it.each<[string, () => AgentView | null]>([
    ["no view", () => null],
    ["no target", () => inHandView(INBOUND)],
    ["a weblead", () => inboundView({ origin: "weblead" })],
    ["an unknown origin", () => inboundView({ origin: "unknown" })],
    [
      "not connected",
      () =>
        inboundView(
          {},
          { connection: { status: "reconnecting", detail: null, identity: null, retryAtMs: null } },
        ),
    ],
    ["nothing in hand", () => view({ calling: CALLING })],
  ])("does not show with %s", (_name, v) => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(v());
    expect(testId("hb-cs-transfer")).toBeNull();
    expect(panel()).toBeNull();
  });

  it("does not show without a live call on screen", () => {
    mountFlex({ cards: [{ title: "Grace Hopper", pending: false }] });
    started = start();
    started.overlays.setView(inboundView());
    expect(testId("hb-cs-transfer")).toBeNull();
  });

  it("shows only once the listeners on Flex's Actions are there", () => {
    mountFlex(CALL);
    started = start();
    started.actions.listening = false;
    started.overlays.setView(inboundView());
    expect(testId("hb-cs-transfer")).toBeNull();
    started.actions.listening = true;
    started.overlays.actionEvent({ kind: "listening" });
    expect(testId("hb-cs-transfer")).not.toBeNull();
  });

  it("ask → confirm sends exactly one transfer of the reservation in hand to the target", () => {
    mountFlex(CALL);
    started = start();
    const v = inboundView();
    started.overlays.setView(v);
    ask()?.click();
    expect(shown(ask())).toBe(false);
    expect(shown(confirmBox())).toBe(true);
    expect(confirmBox()?.textContent).toMatch(/Cold-transfer this caller to customer service\?/);
    expect(document.activeElement).toBe(confirm());
    expect(started.actions.transfers).toEqual([]);
    confirm()?.click();
    expect(started.actions.transfers).toEqual([{ sid: v.inHand, targetSid: TARGET }]);
    expect(confirm()?.disabled).toBe(true);
    expect(confirm()?.getAttribute("aria-busy")).toBe("true");
    expect(status()?.textContent).toBe("Transferring…");
    expect(shown(status())).toBe(true);
    confirm()?.click(); // disabled, and a second confirm while sending does nothing
    confirm()?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(started.actions.transfers).toHaveLength(1);
  });

  it("cancel goes back to asking, without a transfer", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    ask()?.click();
    cancel()?.click();
    expect(shown(ask())).toBe(true);
    expect(shown(confirmBox())).toBe(false);
    expect(started.actions.transfers).toEqual([]);
  });

  it("clicks on the panel never reach Flex's own handlers", () => {
    const flex = mountFlex(CALL);
    const seen: string[] = [];
    flex.root.addEventListener("click", () => seen.push("flex root"));
    started = start();
    started.overlays.setView(inboundView());
    expect(ask()).not.toBeNull();
    ask()?.click();
    expect(cancel()).not.toBeNull();
    cancel()?.click();
    expect(seen).toEqual([]);
  });

  it("shows the error of a failed transfer for this reservation, as text, and lets the agent try again", () => {
    mountFlex(CALL);
    started = start();
    const v = inboundView();
    const sid = v.inHand ?? "";
    started.overlays.setView(v);
    ask()?.click();
    confirm()?.click();
    started.overlays.actionEvent({ kind: "transfer-result", sid: `WR${"f".repeat(32)}`, error: "not yours" });
    expect(status()?.textContent).toBe("Transferring…");
    const error = '<img src=x onerror="alert(1)"> queue is closed';
    started.overlays.actionEvent({ kind: "transfer-result", sid, error });
    expect(status()?.textContent).toBe(`The transfer didn't go through: ${error}`);
    expect(shown(status())).toBe(true);
    expect(panel()?.querySelector("img")).toBeNull();
    expect(status()?.getAttribute("role")).toBe("status");
    // Back to the first step: the agent may ask again.
    expect(shown(ask())).toBe(true);
    ask()?.click();
    expect(status()?.textContent).toBe("");
    confirm()?.click();
    expect(started.actions.transfers).toEqual([
      { sid, targetSid: TARGET },
      { sid, targetSid: TARGET },
    ]);
  });

  it("a successful result changes nothing: the call leaves the hand through the view", () => {
    mountFlex(CALL);
    started = start();
    const v = inboundView();
    started.overlays.setView(v);
    ask()?.click();
    confirm()?.click();
    started.overlays.actionEvent({ kind: "transfer-result", sid: v.inHand ?? "", error: null });
    expect(status()?.textContent).toBe("Transferring…");
    started.overlays.setView(inboundView({ sid: v.inHand ?? "", phase: "transferred" }));
    expect(panel()).toBeNull();
  });

  it("survives Flex replacing the call canvas, in the step the agent was at", async () => {
    const flex = mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    ask()?.click();
    const before = panel();
    flex.render(CALL);
    await settle();
    expect(document.querySelectorAll('[data-testid="hb-cs-panel"]')).toHaveLength(1);
    expect(panel()).not.toBe(before);
    expect(panel()?.closest(".Twilio-CallCanvas")).not.toBeNull();
    expect(shown(confirmBox())).toBe(true);
    confirm()?.click();
    expect(started.actions.transfers).toHaveLength(1);
  });

  it("goes when the call is no longer inbound or no longer in hand, and starts over for the next call", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    ask()?.click();
    started.overlays.setView(inboundView({ origin: "weblead", transferAllowed: false }));
    expect(panel()).toBeNull();
    started.overlays.setView(inboundView());
    expect(shown(ask())).toBe(true);
    ask()?.click();
    started.overlays.setView(view({ calling: CALLING }));
    expect(panel()).toBeNull();
    started.overlays.setView(inboundView());
    expect(shown(ask())).toBe(true);
    expect(shown(confirmBox())).toBe(false);
  });

  it("goes when the live call ends (no call canvas)", async () => {
    const flex = mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    expect(panel()).not.toBeNull();
    flex.render({});
    await settle();
    expect(panel()).toBeNull();
  });

  it("a confirm after the offer went away sends nothing", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(inboundView());
    ask()?.click();
    const stale = confirm();
    expect(stale).not.toBeNull();
    started.overlays.setView(inboundView({ origin: "weblead", transferAllowed: false }));
    stale?.click();
    expect(started.actions.transfers).toEqual([]);
  });
});

describe("the action notice", () => {
  const notice = () => testId("hb-action-notice");

  it("says a transfer was stopped, as an alert at page level", () => {
    mountFlex(CALL);
    started = start();
    started.overlays.setView(view());
    started.overlays.actionEvent({ kind: "transfer-stopped", origin: "weblead" });
    expect(notice()?.getAttribute("role")).toBe("alert");
    expect(notice()?.querySelector(".hb-message")?.textContent).toBe(stoppedTransferText("weblead"));
    expect(notice()?.parentElement).toBe(document.body);
    expect(document.querySelectorAll('[data-testid="hb-action-notice"]')).toHaveLength(1);
  });

  it("goes away after NOTICE_MS when the ticker runs", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view());
    expect(started.ticker()).toBeNull();
    started.overlays.actionEvent({ kind: "transfer-stopped", origin: "unknown" });
    const tick = started.ticker();
    expect(tick).not.toBeNull();
    started.clock.now += NOTICE_MS - 1;
    tick?.();
    expect(notice()).not.toBeNull();
    started.clock.now += 1;
    tick?.();
    expect(notice()).toBeNull();
    expect(started.ticker()).toBeNull();
    expect(NOTICE_MS).toBe(8_000);
  });

  it("goes away with its close button", () => {
    mountFlex({});
    started = start();
    started.overlays.actionEvent({ kind: "transfer-stopped", origin: "no-task" });
    const close = notice()?.querySelector<HTMLButtonElement>("button");
    expect(close?.getAttribute("aria-label")).toBe("Dismiss");
    close?.click();
    expect(notice()).toBeNull();
    expect(started.ticker()).toBeNull();
  });

  it('says "Not dialed: …" for a refused number, as text', () => {
    mountFlex({ dialer: true });
    started = start();
    const reason = "The number contains <b>characters</b> that aren't part of a phone number.";
    started.overlays.actionEvent({ kind: "dial-refused", reason });
    expect(notice()?.querySelector(".hb-message")?.textContent).toBe(`Not dialed: ${reason}`);
    expect(notice()?.querySelector("b")).toBeNull();
  });

  it("a newer notice replaces the older one and gets its own full time", () => {
    mountFlex({});
    started = start();
    started.overlays.actionEvent({ kind: "transfer-stopped", origin: "weblead" });
    started.clock.now += NOTICE_MS - 1_000;
    started.overlays.actionEvent({ kind: "dial-refused", reason: "No phone number was given." });
    expect(document.querySelectorAll('[data-testid="hb-action-notice"]')).toHaveLength(1);
    expect(notice()?.textContent).toMatch(/^Not dialed: No phone number was given\./);
    started.clock.now += 1_000;
    started.ticker()?.();
    expect(notice()).not.toBeNull();
    started.clock.now += NOTICE_MS;
    started.ticker()?.();
    expect(notice()).toBeNull();
  });

  it("is put back if the page removes it while it should show", async () => {
    mountFlex({});
    started = start();
    started.overlays.actionEvent({ kind: "transfer-stopped", origin: "weblead" });
    notice()?.remove();
    await settle();
    expect(document.querySelectorAll('[data-testid="hb-action-notice"]')).toHaveLength(1);
  });
});

describe("the caller ID line", () => {
  const lines = () => [...document.querySelectorAll<HTMLElement>('[data-testid="hb-caller-id"]')];
  const panels = () => [...document.querySelectorAll<HTMLElement>(".Twilio-OutboundDialerPanel")];

  it("ends the outbound dialer panel with the number clients see", () => {
    mountFlex({ dialer: true });
    started = start();
    expect(lines()).toEqual([]); // no view yet
    started.overlays.setView(view({ calling: { callerId: CALLER_ID, customerServiceTarget: null } }));
    expect(lines()).toHaveLength(1);
    expect(panels()[0]?.lastElementChild).toBe(lines()[0]);
    expect(lines()[0]?.textContent).toBe("Clients see your call from 1-855-340-9128.");
  });

  it("goes when the view is null", () => {
    mountFlex({ dialer: true });
    started = start();
    started.overlays.setView(view({ calling: CALLING }));
    expect(lines()).toHaveLength(1);
    started.overlays.setView(null);
    expect(lines()).toEqual([]);
  });

  it("goes in every dialer panel, and follows a new caller ID", () => {
    mountFlex({ dialer: true });
    const second = document.createElement("section");
    const panel = document.createElement("div");
    panel.className = "Twilio-OutboundDialerPanel";
    second.append(panel, document.createElement("footer"));
    document.body.append(second);
    started = start();
    started.overlays.setView(view({ calling: CALLING }));
    expect(lines()).toHaveLength(2);
    for (const p of panels()) expect(p.lastElementChild?.getAttribute("data-testid")).toBe("hb-caller-id");
    started.overlays.setView(view({ calling: { callerId: "+16175550123", customerServiceTarget: null } }));
    expect(lines().map((l) => l.textContent)).toEqual([
      "Clients see your call from 1-617-555-0123.",
      "Clients see your call from 1-617-555-0123.",
    ]);
  });

  it("comes back after Flex re-renders the dialer, once", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    started.overlays.setView(view({ calling: CALLING }));
    flex.render({ dialer: true });
    await settle();
    expect(lines()).toHaveLength(1);
    expect(panels()[0]?.lastElementChild).toBe(lines()[0]);
    flex.render({});
    await settle();
    expect(lines()).toEqual([]);
  });
});
