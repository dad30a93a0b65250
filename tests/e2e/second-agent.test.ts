/**
 * A second agent on the same browser: Ada signs out of Flex and Grace signs in, in the same tab.
 * The extension follows Grace at once (not at the next token refresh, an hour later), and nothing
 * of Ada's (her missed offer, her Offline flag, her history) is shown to Grace.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTask } from "./harness/flex-actions.ts";
import { type Harness, startHarness } from "./harness/index.ts";
import { screenshotOnFailure } from "./harness/screenshots.ts";

const GRACE = "grace.hopper@chhj.com";

describe("a second agent signs in to Flex in the same browser", () => {
  let hb: Harness;
  let flex: Page;
  let popup: Page;

  beforeAll(async () => {
    hb = await startHarness();
    flex = await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex, popup],
    ),
  );

  const text = () => popup.evaluate(() => document.body.textContent ?? "");

  it("follows the new agent at once and shows nothing of the previous one", async () => {
    // Ada misses an offer: she is Offline, with the miss in her history.
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    await createTask(hb, "weblead", {
      timeoutSeconds: 1.5,
      attributes: { lead_id: "L-4001", name: "Ada's Lead" },
    });
    await hb.waitForTestId(popup, "hb-activity", /^Offline$/);
    await popup.waitForSelector('[data-testid="hb-history"] li[data-outcome="missed"]');
    expect(await text()).toContain(`Signed in as ${hb.stack.identity}`);

    // Grace signs in to Flex in the same tab.
    await flex.goto(`${hb.stack.flexUrl}/?identity=${encodeURIComponent(GRACE)}`);
    await popup.waitForFunction(
      (who: string) => document.body.textContent?.includes(`Signed in as ${who}`),
      { polling: 100, timeout: 15_000 },
      GRACE,
    );
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await hb.waitForTestId(popup, "hb-activity", /^Unavailable$/);
    expect(await popup.$('[data-testid="hb-history"] li')).toBeNull();
    expect(await text()).not.toContain(hb.stack.identity);
    expect(await flex.$('[data-testid="hb-offline-banner"]:not([hidden])')).toBeNull();

    // Nor is anything of Ada's left in the session storage.
    const stored = await (await hb.serviceWorker()).evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify(stored)).not.toContain("L-4001");
    expect(JSON.stringify(stored)).not.toContain("Ada's Lead");
  });
});
