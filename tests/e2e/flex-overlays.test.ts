/**
 * Issue #5 end to end: the built extension's overlays on Flex's real UI (the real-Flex fixture,
 * @twilio/flex-ui 2.17.1, realflex/page/fixture/), against the emulator. Accept and dial
 * countdowns, the transfer guard (weblead blocked, inbound transferred), the Offline banner after
 * a missed reservation, and manual-dial numbers (dialed through Flex's StartOutboundCall action).
 * Actions invoked by other means: flex-actions.test.ts.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptInFlexAndReturn, finishInFlex, waitForHunkwareTab } from "../../driver/flex-actions.ts";
import { eventually, type Harness, startHarness } from "../../driver/index.ts";
import {
  autoRerenderFlex,
  flexEffectsFlushed,
  freshRealFlex,
  lastFlexAction,
  realFlexState,
  rerenderFlex,
  transfersInFlex,
  waitForConference,
} from "../../driver/real-flex.ts";
import { expectCountdownLeft } from "./support/countdown.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

interface AdminState {
  customerServiceQueueSid: string;
  queues: Array<{ sid: string; name: string }>;
  workers: Array<{ identity: string; activity: string }>;
  reservations: Array<{ sid: string; status: string; taskSid: string }>;
  transfers: Array<{ taskSid: string; to: string; mode: string; type: string; status: string }>;
  outboundCalls: Array<{ to: string; from: string }>;
}

// Written out from CONTRACT §4, not imported from the landmarks module: the test holds that module
// to the contract.
const TRANSFER_CONTROLS = [
  '[data-testid="call-transfer"]',
  ".Twilio-CallCanvas-Directory",
  '[data-testid="task-transfer-button"]',
  '[data-testid="queue-cold-transfer-button"]',
  '[data-testid="cbm-cold-transfer-button"]',
  '[data-testid="confirm-transfer-button"]',
].join(",");
const REVIEW_SECONDS = 4;
/** Another agent of the workspace: Flex's transfer directory lists agents (cbm-cold-transfer-button). */
const COLLEAGUE = "grace.colleague@chhj.com";

describe("Flex overlays", () => {
  let hb: Harness;
  let flex: Page;

  beforeAll(async () => {
    hb = await startHarness({ config: { reviewSeconds: REVIEW_SECONDS }, flexUi: "real" });
    // Resolves once Flex is logged in and rendered.
    flex = await hb.openFlex();
  });
  afterAll(async () => hb?.close());
  // Each test starts from its own desk: nothing in hand or recorded, a fresh Flex session, and the
  // colleague Available again (the reset makes every worker Unavailable).
  beforeEach(async () => {
    await freshRealFlex(hb, flex);
    await hb.admin("POST", "/workers", { identity: COLLEAGUE, activity: "Available" });
    await hb.admin("POST", `/workers/${encodeURIComponent(COLLEAGUE)}/activity`, { activity: "Available" });
  });
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex],
    ),
  );

  const state = () => hb.admin<AdminState>("GET", "/state");
  const createTask = (kind: "weblead" | "inbound", extra: Record<string, unknown> = {}) =>
    hb.admin<{ taskSid: string; reservationSid: string }>("POST", "/tasks", {
      identity: hb.stack.identity,
      kind,
      ...extra,
    });
  const text = (id: string) =>
    flex.evaluate(
      (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null,
      id,
    );
  const gone = (selector: string, timeout = 15_000) =>
    flex.waitForFunction((sel: string) => !document.querySelector(sel), { timeout }, selector);
  const seconds = async (id: string) => Number((await hb.waitForTestId(flex, id, /^\d+ s$/)).split(" ")[0]);

  /** What each Flex transfer control on the page looks like to the agent and to assistive tech. */
  const controls = () =>
    flex.$$eval(TRANSFER_CONTROLS, (els) =>
      els.map((el) => ({
        id: el.getAttribute("data-testid"),
        disabled: el.hasAttribute("disabled"),
        ariaDisabled: el.getAttribute("aria-disabled"),
      })),
    );
  /**
   * Clicks every transfer control from the page itself (a dispatched click reaches Flex's React
   * handlers whether or not the button is disabled). Found and clicked in one synchronous step:
   * `$$eval` finds the nodes in one round trip and clicks in another, and a re-render in between
   * would leave it clicking detached nodes, which no agent can click and no document listener sees.
   */
  const clickAllControls = () =>
    flex.evaluate((sel: string) => {
      const els = [...document.querySelectorAll(sel)];
      for (const el of els) el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      return els.length;
    }, TRANSFER_CONTROLS);
  /**
   * Remounts Flex's tree and clicks the fresh transfer controls in the gap before the overlay's
   * observer has run: only the capture listener can stop those. React 17 remounts synchronously, so
   * the fresh nodes are there when rerender() returns and the observer's microtask has not run yet.
   * Returns how many not-yet-disabled controls were clicked.
   */
  const clickBeforeObserver = () =>
    flex.evaluate((sel: string) => {
      const old = new Set(document.querySelectorAll(sel));
      (window as unknown as { __realFlexFixture?: { rerender(): void } }).__realFlexFixture?.rerender();
      const fresh = [...document.querySelectorAll(sel)].filter((el) => !old.has(el));
      const enabled = fresh.filter((el) => !el.hasAttribute("disabled"));
      for (const el of enabled)
        el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      return enabled.length;
    }, TRANSFER_CONTROLS);
  /**
   * Flex opens its transfer directory by itself, without a click on a control the guard knows:
   * Flex's own ShowDirectory action, which the call canvas's Transfer button invokes.
   */
  const flexOpensDirectory = () =>
    flex.evaluate(() => window.Twilio?.Flex?.Actions?.invokeAction("ShowDirectory", {}));
  /**
   * Waits until React has run the effects of the last remount: the unmounted tree's clean-ups
   * close Flex's directory, after the frame it painted. A directory opened before them would be
   * closed again.
   */
  const remountSettled = () => flexEffectsFlushed(flex);

  it("counts the accept window down on the pending task, clears it on accept, counts the review time down on the call canvas, then reads Dialing…", async () => {
    const offeredAt = Date.now();
    await createTask("weblead", { attributes: { lead_id: "L-5001" } });
    await flex.bringToFront();
    const first = await seconds("hb-accept-countdown");
    expectCountdownLeft(first, 10, offeredAt, Date.now());
    expect(first).toBeGreaterThan(0);
    // On the card, under its text: never over Flex's Accept button.
    const placement = await flex.evaluate(() => {
      const node = document.querySelector('[data-testid="hb-accept-countdown"]');
      const accept = document.querySelector(".Twilio-TaskButton-Accept")?.getBoundingClientRect();
      const box = node?.getBoundingClientRect();
      const overlaps =
        !!accept &&
        !!box &&
        box.left < accept.right &&
        box.right > accept.left &&
        box.top < accept.bottom &&
        box.bottom > accept.top;
      return { onCard: !!node?.closest(".Twilio-TaskListBaseItem"), overlaps };
    });
    expect(placement).toEqual({ onCard: true, overlaps: false });
    await flex.waitForFunction(
      (before: number) => {
        const t = document.querySelector('[data-testid="hb-accept-countdown"]')?.textContent ?? "";
        return /^\d+ s$/.test(t) && Number.parseInt(t, 10) < before;
      },
      { timeout: 5_000 },
      first,
    );
    await acceptInFlexAndReturn(hb, flex);
    await gone('[data-testid="hb-accept-countdown"]', 5_000);

    // The review time, on the call canvas.
    const review = await seconds("hb-dial-countdown");
    expect(review).toBeLessThanOrEqual(REVIEW_SECONDS);
    expect(
      await flex.$eval('[data-testid="hb-dial-countdown"]', (el) => !!el.closest(".Twilio-CallCanvas")),
    ).toBe(true);
    // The same figure as the Hunkware card's countdown (the screen-pop tab), within a display tick,
    // at each of Flex's ticks until it reads Dialing… (0).
    const hunkware = await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\/L-5001$/);
    await hb.waitForTestId(hunkware, "hb-dial-countdown", /^(\d+ s|Dialing…)$/);
    const read = (page: Page) =>
      page.evaluate(() => {
        const t = document.querySelector('[data-testid="hb-dial-countdown"]')?.textContent ?? "";
        return t === "Dialing…" ? 0 : /^\d+ s$/.test(t) ? Number.parseInt(t, 10) : null;
      });
    let compared = 0;
    for (;;) {
      const [onFlex, onHunkware] = await Promise.all([read(flex), read(hunkware)]);
      expect(onFlex).not.toBeNull();
      expect(onHunkware).not.toBeNull();
      expect(Math.abs(Number(onFlex) - Number(onHunkware))).toBeLessThanOrEqual(1);
      compared++;
      if (onFlex === 0) break;
      // Flex's next tick.
      await flex.waitForFunction(
        (before: string) =>
          document.querySelector('[data-testid="hb-dial-countdown"]')?.textContent !== before,
        { polling: 50, timeout: (REVIEW_SECONDS + 3) * 1000 },
        `${onFlex} s`,
      );
    }
    expect(compared).toBeGreaterThanOrEqual(1);
    await hb.waitForTestId(flex, "hb-dial-countdown", /^Dialing…$/, (REVIEW_SECONDS + 3) * 1000);
  });

  it("on a weblead call disables every transfer control and transfers nothing, through re-renders", async () => {
    await createTask("weblead");
    await acceptInFlexAndReturn(hb, flex);
    await hb.waitForTestId(flex, "hb-transfer-blocked", /Only inbound calls go to customer service/);
    // Flex 2.17.1 has no task-header actions menu on a call (its Transfer item,
    // task-transfer-button, is there for messaging tasks only): the call canvas's Transfer button
    // is the one control until the directory opens.
    expect(await flex.$('[data-testid="task-actions-menu-toggle"]')).toBeNull();
    let seen = await controls();
    expect(seen.map((c) => c.id)).toEqual(["call-transfer"]);
    expect(seen.every((c) => c.disabled && c.ariaDisabled === "true")).toBe(true);
    expect(await clickAllControls()).toBe(1);

    // Flex re-renders every node, repeatedly.
    for (let i = 0; i < 5; i++) {
      await rerenderFlex(flex);
      await clickAllControls();
    }
    const { rerenders } = await realFlexState(flex);
    await autoRerenderFlex(flex, 40);
    // Several of those re-renders have happened.
    await flex.waitForFunction(
      (before: number) =>
        ((
          window as unknown as { __realFlexFixture?: { state(): { rerenders: number } } }
        ).__realFlexFixture?.state().rerenders ?? 0) >=
        before + 5,
      { polling: 50, timeout: 10_000 },
      rerenders,
    );
    await clickAllControls();
    await autoRerenderFlex(flex, 0);
    await remountSettled();

    // Flex opens the directory later: its cold-transfer buttons (queues, agents) are held as well.
    await flexOpensDirectory();
    await flex.waitForSelector('[data-testid="queue-cold-transfer-button"]');
    await flex.waitForSelector('[data-testid="cbm-cold-transfer-button"]');
    seen = await controls();
    expect(seen.map((c) => c.id)).toEqual(
      expect.arrayContaining(["queue-cold-transfer-button", "cbm-cold-transfer-button"]),
    );
    expect(seen.every((c) => c.disabled && c.ariaDisabled === "true")).toBe(true);
    await clickAllControls();
    // Real Flex fills the directory's lists after its own fetch, in a later React commit: only the
    // call canvas's Transfer button is remounted in the same step, ahead of the observer.
    expect(await clickBeforeObserver()).toBeGreaterThanOrEqual(1);
    // Flex closes its directory when its tree unmounts (isDirectoryOpen goes false): open it again.
    await remountSettled();
    await flexOpensDirectory();
    await flex.waitForSelector('[data-testid="queue-cold-transfer-button"]');
    seen = await controls();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((c) => c.disabled && c.ariaDisabled === "true")).toBe(true);
    await clickAllControls();
    // Real mouse clicks too, on the Queues tab's buttons.
    await flex.click('[data-testid="TransferCatalogue-QueueTab"]');
    await flex.click('[data-testid="queue-cold-transfer-button"]').catch(() => {});
    expect(await text("hb-transfer-blocked")).toMatch(/web lead/);

    // The agent closes Flex's directory (it lies over the task header's end button): a click
    // Flex handles after every click above, so a transfer any of them started would be in Flex's
    // action log by the time the directory is gone.
    await flex.click('[data-testid="close-worker-directory"]');
    await gone('[data-testid="queue-cold-transfer-button"]');
    expect(await lastFlexAction(flex, "TransferTask")).toBeUndefined();
    expect(await transfersInFlex(flex)).toEqual([]);
    expect((await state()).transfers).toEqual([]);
    await finishInFlex(flex);
    await gone('[data-testid="hb-transfer-blocked"]');
  });

  it("on an inbound call leaves transfer as Flex made it: cold transfer to customer service", async () => {
    const task = await createTask("inbound");
    await acceptInFlexAndReturn(hb, flex);
    // An agent transfers a connected call: Flex has loaded its conference.
    await waitForConference(flex, task.taskSid);
    // Fail closed until the extension knows this is inbound, then the block lifts.
    await gone('[data-testid="hb-transfer-blocked"]');
    await flex.waitForFunction(
      (sel: string) => [...document.querySelectorAll(sel)].every((el) => !el.hasAttribute("disabled")),
      { timeout: 10_000 },
      TRANSFER_CONTROLS,
    );
    const seen = await controls();
    // As Flex made it: its (MUI) button says aria-disabled="false" itself when enabled.
    expect(seen).toEqual([{ id: "call-transfer", disabled: false, ariaDisabled: "false" }]);
    await flex.click('[data-testid="call-transfer"]');
    const cs = (await state()).customerServiceQueueSid;
    const queueName = (await state()).queues.find((q) => q.sid === cs)?.name;
    expect(queueName).toBeTruthy();
    // Flex's directory opens on its Agents tab; its cold transfer is labelled "Transfer to <queue>".
    await flex.click('[data-testid="TransferCatalogue-QueueTab"]');
    const coldTransfer = `[data-testid="queue-cold-transfer-button"][aria-label="Transfer to ${queueName}"]`;
    await flex.waitForSelector(coldTransfer, { visible: true });
    await flex.click(coldTransfer);
    const { transfers } = await eventually(state, (s) => s.transfers.length > 0, {
      what: "a transfer at Twilio",
    });
    expect(transfers).toEqual([
      expect.objectContaining({ taskSid: task.taskSid, to: cs, mode: "COLD", type: "QUEUE" }),
    ]);
    expect(transfers[0]?.status).not.toBe("failed");
    // The agent wraps up the transferred call.
    const end = "button.Twilio-TaskCanvasHeader-EndButton";
    await flex.waitForSelector(`${end}[data-status="wrapping"]`, { timeout: 10_000 });
    await flex.click(end);
    await gone(end);
  });

  it("shows the Offline banner after a missed reservation; its button brings the agent back", async () => {
    await createTask("weblead", { timeoutSeconds: 2 });
    await flex.bringToFront();
    await hb.waitForTestId(flex, "hb-accept-countdown");
    await hb.waitForTestId(flex, "hb-offline-banner", /Offline/, 15_000);
    await gone('[data-testid="hb-accept-countdown"]', 5_000);
    const agent = async () => (await state()).workers.find((w) => w.identity === hb.stack.identity)?.activity;
    expect(await agent()).toBe("Offline");
    expect(await flex.$eval('[data-testid="hb-offline-banner"]', (el) => el.getAttribute("role"))).toBe(
      "alert",
    );
    await flex.click('[data-testid="hb-go-available"]');
    await gone('[data-testid="hb-offline-banner"]');
    expect(await agent()).toBe("Available");
  });

  describe("manual dialing", () => {
    const input = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
    const call = '.Twilio-OutboundDialerPanel [data-testid="call-button"]';
    /** The number in the dialer panel's own React state (Flex keeps it there, not in its store). */
    const dialNumber = async () => (await realFlexState(flex)).dialerNumber;
    const clear = () =>
      flex.$eval(input, (el) => {
        const field = el as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(field, "");
        field.dispatchEvent(new Event("input", { bubbles: true }));
      });
    /** What the browser does on a paste: `paste`, the text goes in, then `input`. */
    const paste = (value: string) =>
      flex.$eval(
        input,
        (el, v) => {
          const field = el as HTMLInputElement;
          field.focus();
          const data = new DataTransfer();
          data.setData("text/plain", v);
          field.dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
          );
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(field, v);
          field.dispatchEvent(new Event("input", { bubbles: true }));
        },
        value,
      );

    // After the outer beforeEach's fresh Flex session: after a dial, real Flex's panel stays busy
    // waiting for the call's reservation (which the emulator never makes), so each test dials from
    // a fresh one.
    beforeEach(async () => {
      await flex.click('[data-testid="outbound-dialpad"]');
      await flex.waitForSelector(input);
    });

    it("flags 555-0123 before the agent dials", async () => {
      await flex.waitForSelector(call);
      await clear();
      await flex.type(input, "555-0123");
      await flex.keyboard.press("Tab");
      const hint = await hb.waitForTestId(flex, "hb-dial-hint", /Can't dial this number/);
      expect(hint).toMatch(/10 digits/);
      expect(await flex.$eval(input, (el) => el.getAttribute("aria-invalid"))).toBe("true");
      expect(
        await flex.$eval(call, (el) => [
          (el as HTMLButtonElement).disabled,
          el.getAttribute("aria-disabled"),
        ]),
      ).toEqual([true, "true"]);
      await flex.$eval(call, (el) =>
        el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true })),
      );
      // Nothing dialed: Flex never started StartOutboundCall, Twilio got no call.
      expect(await lastFlexAction(flex, "StartOutboundCall")).toBeUndefined();
      expect((await state()).outboundCalls).toEqual([]);
      await paste("555-0123");
      await hb.waitForTestId(flex, "hb-dial-hint", /Can't dial this number/);
      // The control: a number that can be dialed, through the same button, reaches Twilio; it is
      // the only call Twilio got and the only StartOutboundCall Flex started, so the blocked
      // clicks (handled before it) dialed nothing.
      await clear();
      await flex.type(input, "617 555 0125");
      await flex.keyboard.press("Tab");
      await flex.waitForFunction(
        (sel: string) => !(document.querySelector(sel) as HTMLButtonElement).disabled,
        {},
        call,
      );
      await flex.click(call);
      const { outboundCalls } = await eventually(state, (s) => s.outboundCalls.length > 0, {
        what: "an outbound call at Twilio",
      });
      expect(outboundCalls).toEqual([expect.objectContaining({ to: "+16175550125" })]);
      expect((await realFlexState(flex)).actions.filter((a) => a.name === "StartOutboundCall")).toHaveLength(
        1,
      );
    });

    it("shows 9 (617) 555-0123 as 1-617-555-0123, pasted or typed, in Flex's own state", async () => {
      await paste("9 (617) 555-0123");
      await flex.waitForFunction(
        (sel: string) => (document.querySelector(sel) as HTMLInputElement).value === "1-617-555-0123",
        {},
        input,
      );
      expect(await dialNumber()).toBe("1-617-555-0123");
      await clear();
      await flex.type(input, "9 (617) 555-0123");
      await flex.keyboard.press("Tab");
      expect(await flex.$eval(input, (el) => (el as HTMLInputElement).value)).toBe("1-617-555-0123");
      expect(await dialNumber()).toBe("1-617-555-0123");
      expect(await flex.$(`[data-testid="hb-dial-hint"]`)).toBeNull();
      expect(await flex.$eval(call, (el) => (el as HTMLButtonElement).disabled)).toBe(false);
      // Flex's Call button goes through StartOutboundCall: Twilio gets E.164, from our caller ID.
      await flex.click(call);
      const { outboundCalls } = await eventually(state, (s) => s.outboundCalls.length > 0, {
        what: "an outbound call at Twilio",
      });
      expect(outboundCalls).toEqual([expect.objectContaining({ to: "+16175550123", from: "+18553409128" })]);
      // Flex then waits for the call's reservation, which the emulator does not make (it records
      // outbound tasks, it does not route them): the action is still on its way, not refused.
      expect(await lastFlexAction(flex, "StartOutboundCall")).toBe("pending");
    });
  });
});
