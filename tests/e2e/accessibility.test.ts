/**
 * Issue #16 §5: agents use the keyboard and screen readers too. axe-core finds no serious or
 * critical violation in the popup, the options page, the Hunkware card and HunkBridge's overlays on
 * Flex, in the states reached here: an offer counting down, a call in review with the card,
 * transfer blocked, an inbound call with the customer-service transfer asked, the dialer with a
 * hint and the caller ID, the status chip, a notice.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seriousViolations } from "../../driver/axe.ts";
import { acceptInFlex, createTask, finishInFlex, waitForHunkwareTab } from "../../driver/flex-actions.ts";
import { closeTabsAt, type Harness, startHarness } from "../../driver/index.ts";
import { flexSignedInWithNoTask } from "./support/agent-in-flex.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

const OURS = "[data-hb-overlay]";

describe("accessibility (axe-core)", () => {
  let hb: Harness;
  let flex: Page;

  beforeAll(async () => {
    hb = await startHarness({ config: { reviewSeconds: 30 } });
    flex = await hb.openFlex();
    await flex.waitForFunction(() => window.__flexFixture?.state().status === "ready", { timeout: 20_000 });
  });
  afterAll(async () => hb?.close());
  // Each test starts from the same Flex, in any order: no task anywhere (the emulator's reset
  // withdraws them), no Hunkware tab or extension page, and Flex reloaded (no dialer left open, no
  // probe, no notice), signed in with no task and HunkBridge's listeners on Flex's Actions.
  beforeEach(async () => {
    await hb.admin("POST", "/reset");
    await closeTabsAt(hb.chromium.browser, [hb.stack.hunkwareUrl, `chrome-extension://${hb.extensionId}/`]);
    await flex.reload({ waitUntil: "domcontentloaded" });
    await flex.bringToFront();
    // HunkBridge's listeners are on the reloaded page's Actions (they stop the transfer below).
    await flexSignedInWithNoTask(flex);
  });
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex],
    ),
  );

  it("the check itself finds a serious violation when there is one", async () => {
    await flex.evaluate(() => {
      const probe = document.createElement("div");
      probe.setAttribute("data-hb-overlay", "axe-probe");
      probe.innerHTML = "<button type='button'></button>"; // a button without a name: critical
      document.body.append(probe);
    });
    const found = await seriousViolations(flex, OURS);
    await flex.evaluate(() => document.querySelector('[data-hb-overlay="axe-probe"]')?.remove());
    expect(found.map((v) => v.id)).toContain("button-name");
  });

  it("the popup and the options page", async () => {
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(await seriousViolations(popup)).toEqual([]);
    const options = await hb.chromium.browser.newPage();
    await options.goto(`chrome-extension://${hb.extensionId}/options/index.html`);
    await options.waitForSelector("form, main");
    expect(await seriousViolations(options)).toEqual([]);
    await options.close();
    await popup.close();
  });

  it("Flex's overlays and the Hunkware card through a weblead call", async () => {
    await createTask(hb, "weblead");
    await flex.bringToFront();
    await hb.waitForTestId(flex, "hb-accept-countdown");
    expect(await seriousViolations(flex, OURS)).toEqual([]);
    await acceptInFlex(flex);
    const hunkware = await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\//);
    await hb.waitForTestId(hunkware, "hb-client-card");
    expect(await seriousViolations(hunkware, OURS)).toEqual([]);
    await flex.bringToFront();
    await hb.waitForTestId(flex, "hb-transfer-blocked");
    await hb.waitForTestId(flex, "hb-status");
    // A transfer stopped by the Actions listeners: the notice.
    await flex.evaluate(async () => {
      const sid = window.__flexFixture?.state().reservations[0]?.sid;
      await window.Twilio?.Flex?.Actions?.invokeAction("TransferTask", {
        sid,
        targetSid: "WQ1",
        options: { mode: "COLD" },
      }).catch(() => {});
    });
    await hb.waitForTestId(flex, "hb-action-notice");
    expect(await seriousViolations(flex, OURS)).toEqual([]);
    await finishInFlex(flex);
  });

  it("the customer-service transfer and the dialer", async () => {
    await createTask(hb, "inbound");
    await acceptInFlex(flex);
    await flex.bringToFront();
    await flex.waitForSelector('[data-testid="hb-cs-transfer"]');
    await flex.click('[data-testid="hb-cs-transfer"]');
    await flex.waitForSelector('[data-testid="hb-cs-transfer-confirm"]', { visible: true });
    expect(await seriousViolations(flex, OURS)).toEqual([]);
    await flex.click('[data-testid="hb-cs-transfer-cancel"]');
    await finishInFlex(flex);

    await flex.click('[data-testid="outbound-dialpad"]');
    const input = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
    await flex.waitForSelector(input);
    await flex.type(input, "555-0123");
    await flex.keyboard.press("Tab");
    await hb.waitForTestId(flex, "hb-dial-hint");
    await hb.waitForTestId(flex, "hb-caller-id");
    expect(await seriousViolations(flex, OURS)).toEqual([]);
  });
});
