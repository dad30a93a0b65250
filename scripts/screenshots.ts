/**
 * Regenerates docs/popup.png, docs/flex.png (the status chip and the overlays on the fixture Flex)
 * and docs/options.png from the real extension, through QA's harness:
 * the sandbox stack, the built sandbox extension (HB_EXTENSION_DIR, default dist-sandbox/), an
 * agent who finished one task, holds a second and is offered a third (the day's chart shows the
 * two accepted). Configuration goes through the options storage, so running this never touches
 * the machine's managed policy.
 *
 *   npx vite build --mode sandbox && npx tsx scripts/screenshots.ts
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";
import { acceptInFlex, createTask, finishInFlex } from "../driver/flex-actions.ts";
import { startHarness } from "../driver/index.ts";

const DOCS = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "docs");

async function shoot(page: Page, width: number, file: string): Promise<void> {
  await page.bringToFront();
  await page.setViewport({ width, height: 200, deviceScaleFactor: 2 });
  await page.screenshot({ path: join(DOCS, file), fullPage: true });
  console.log(`wrote docs/${file}`);
}

async function main(): Promise<void> {
  const hb = await startHarness({ via: "options", config: { acceptWindowSeconds: 60, reviewSeconds: 60 } });
  try {
    const flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await popup.click('[data-testid="hb-set-available"]');
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);

    // Puppeteer's clicks and waits need the tab in front (background tabs get no animation frames).
    await flex.bringToFront();
    // Submitted on the web a few minutes before the offer, as the workflow says (speed to lead).
    const lead = (id: string, name: string, phone: string, minutesAgo: number) => ({
      attributes: {
        lead_id: id,
        name,
        phone,
        lead_created_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      },
    });
    await createTask(hb, "weblead", lead("L-1001", "Grace Hopper", "+16175550123", 3));
    await acceptInFlex(flex);
    await flex.bringToFront(); // the screen-pop brought Hunkware forward
    await finishInFlex(flex);
    await createTask(hb, "weblead", lead("L-1002", "Katherine Johnson", "+16175550188", 1));
    await acceptInFlex(flex);
    await createTask(hb, "inbound", { attributes: { from: "+13125550147", name: "Alan Turing" } });

    await popup.bringToFront();
    await hb.waitForTestId(popup, "hb-current-task", /Katherine Johnson/);
    await hb.waitForTestId(popup, "hb-offer", /Alan Turing/);
    await hb.waitForTestId(popup, "hb-history", /Grace Hopper/);
    await popup.waitForSelector('[data-testid="hb-day-chart"] circle');
    await shoot(popup, 340, "popup.png");

    // Flex with HunkBridge's chip in its top bar and the review countdown on the call in hand.
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected/);
    await hb.waitForTestId(flex, "hb-dial-countdown", /^\d+ s$/);
    await shoot(flex, 1280, "flex.png");

    const options = await hb.chromium.browser.newPage();
    await options.goto(`chrome-extension://${hb.extensionId}/options/index.html`, {
      waitUntil: "domcontentloaded",
    });
    await options.waitForSelector(".field");
    await options.click('[data-testid="hb-connection-test"] button');
    await options.waitForSelector('[data-testid="hb-test-summary"]');
    await shoot(options, 820, "options.png");
  } finally {
    await hb.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
