/**
 * The options page in the built extension, configured through storage.local (as the harness does
 * with HB_CONFIG_VIA=options): effective values and sources, validation before saving, a live
 * change, and "Test connection" against the emulator's token service and the Hunkware fixture.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../driver/index.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

type FieldState = {
  source: string;
  locked: string;
  value: string;
  problem: string | null;
  error: string | null;
};

async function fieldState(page: Page, key: string): Promise<FieldState> {
  return page.$eval(`.field[data-key="${key}"]`, (el) => {
    const field = el as HTMLElement;
    const input = field.querySelector("input, textarea, select") as HTMLInputElement;
    return {
      source: field.dataset.source ?? "",
      locked: field.dataset.locked ?? "",
      value: input.value,
      problem: field.querySelector(".problem")?.textContent ?? null,
      error: field.querySelector(".error")?.textContent ?? null,
    };
  });
}

async function typeInto(page: Page, key: string, text: string) {
  const selector = `#hb-opt-${key}`;
  await page.click(selector, { count: 3 });
  await page.$eval(selector, (el) => {
    (el as HTMLInputElement).value = "";
  });
  await page.type(selector, text);
}

async function storedOptions(hb: Harness) {
  const worker = await hb.serviceWorker();
  return worker.evaluate(
    async () => (await chrome.storage.local.get("options")).options as Record<string, unknown>,
  );
}

describe("options page", () => {
  let hb: Harness;
  let page: Page;

  beforeAll(async () => {
    hb = await startHarness({ via: "options" });
    page = await hb.chromium.browser.newPage();
  });
  afterAll(async () => hb?.close());
  // Each test starts from the options the harness saved (tests save others, and a test may stop
  // half-way) on a freshly loaded page, in any order.
  beforeEach(async () => {
    await (await hb.serviceWorker()).evaluate(
      (options: Record<string, unknown>) => chrome.storage.local.set({ options }),
      hb.config,
    );
    await page.goto(`chrome-extension://${hb.extensionId}/options/index.html`, {
      waitUntil: "domcontentloaded",
    });
    await page.bringToFront();
    await page.waitForSelector('.field[data-key="flexOrigins"]');
    expect(await storedOptions(hb)).toEqual(hb.config);
  });
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [page],
    ),
  );

  it("shows every key with its effective value and where it came from", async () => {
    expect(await page.$$eval(".field", (fs) => fs.map((f) => (f as HTMLElement).dataset.key))).toHaveLength(
      12,
    );
    expect(await fieldState(page, "flexOrigins")).toMatchObject({
      source: "options",
      locked: "false",
      value: hb.stack.flexUrl,
    });
    expect(await fieldState(page, "acceptWindowSeconds")).toMatchObject({ source: "default", value: "10" });
    expect(await fieldState(page, "callbackMemoryDays")).toMatchObject({ source: "default", value: "14" });
    expect(await fieldState(page, "prefetchOnOffer")).toMatchObject({ source: "default", value: "true" });
    expect(await page.$eval('[data-testid="hb-policy-notice"]', (e) => e.textContent)).toContain(
      "No setting is set by policy",
    );
  });

  it("turns the offer window's prefetch off with its On/Off switch, saved as a boolean", async () => {
    await page.select("#hb-opt-prefetchOnOffer", "false");
    await page.click('[data-testid="hb-options-save"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="hb-options-status"]')?.textContent?.startsWith("Saved."),
    );
    expect(await storedOptions(hb)).toMatchObject({ prefetchOnOffer: false });
    expect(await fieldState(page, "prefetchOnOffer")).toMatchObject({ source: "options", value: "false" });
    await page.select("#hb-opt-prefetchOnOffer", "true");
    await page.click('[data-testid="hb-options-save"]');
    await page.waitForFunction(
      () =>
        document.querySelector('.field[data-key="prefetchOnOffer"]')?.getAttribute("data-source") ===
        "default",
    );
  });

  it("refuses an invalid value with a clear message; the saved value stays in use", async () => {
    await typeInto(page, "reviewSeconds", "0");
    await page.click('[data-testid="hb-options-save"]');
    await page.waitForSelector('.field[data-key="reviewSeconds"] .error');
    expect((await fieldState(page, "reviewSeconds")).error).toMatch(
      /^Not saved: reviewSeconds must be a whole number of seconds from 1 to 300, but it is 0\./,
    );
    expect(await storedOptions(hb)).not.toHaveProperty("reviewSeconds");
  });

  it("saves a valid value to storage.local and shows it as the agent's", async () => {
    await typeInto(page, "reviewSeconds", "20");
    await page.click('[data-testid="hb-options-save"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="hb-options-status"]')?.textContent?.startsWith("Saved."),
    );
    expect(await storedOptions(hb)).toMatchObject({ reviewSeconds: 20, flexOrigins: [hb.stack.flexUrl] });
    expect(await fieldState(page, "reviewSeconds")).toMatchObject({
      source: "options",
      value: "20",
      error: null,
    });
  });

  it("follows a change made elsewhere without a reload", async () => {
    await hb.setOptions({ acceptWindowSeconds: "ten" });
    await page.waitForSelector('.field[data-key="acceptWindowSeconds"] .problem');
    expect(await fieldState(page, "acceptWindowSeconds")).toMatchObject({ source: "default", value: "10" });
    expect((await fieldState(page, "acceptWindowSeconds")).problem).toMatch(
      /The saved value is invalid: acceptWindowSeconds must be .* but it is "ten"\. The default is used meanwhile\./,
    );
  });

  async function runConnectionTest() {
    await page.bringToFront(); // a click needs the tab in front
    // A new run unmounts the old results: mark them so the wait below sees only the new ones.
    await page.evaluate(() =>
      document.querySelector('[data-testid="hb-test-summary"]')?.setAttribute("data-stale", ""),
    );
    await page.click('[data-testid="hb-connection-test"] button');
    await page.waitForSelector('[data-testid="hb-test-summary"]:not([data-stale])');
    return page.$$eval("[data-check]", (lis) =>
      lis.map((li) => [(li as HTMLElement).dataset.check, (li as HTMLElement).dataset.ok, li.textContent]),
    );
  }

  it("tests the connection: signed in, token service and Hunkware reachable, Flex allowed", async () => {
    // Without Flex open the agent is not signed in, and the test says so in the worker's words.
    const before = await runConnectionTest();
    expect(before.map(([name, ok]) => [name, ok])).toEqual([
      ["Sign-in", "false"],
      ["Token service", "true"],
      ["Hunkware", "true"],
      ["Flex", "true"],
    ]);
    expect(before[0]?.[2]).toMatch(/Waiting for Flex: open Flex and sign in/);
    expect(before[1]?.[2]).toContain("HTTP 400");

    const flex = await hb.openFlex();
    try {
      const popup = await hb.openPopup();
      await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
      await popup.close();
      const after = await runConnectionTest();
      expect(after[0]).toEqual([
        "Sign-in",
        "true",
        expect.stringContaining(`signed in as ${hb.stack.identity}`),
      ]);
    } finally {
      await flex.close();
    }
  });

  it("says what failed when the token service is unreachable", async () => {
    await typeInto(page, "tokenUrl", "http://127.0.0.1:9/token");
    await page.click('[data-testid="hb-options-save"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="hb-options-status"]')?.textContent?.startsWith("Saved."),
    );
    await page.click('[data-testid="hb-connection-test"] button');
    await page.waitForSelector('[data-testid="hb-test-summary"][data-failed]:not([data-failed="0"])');
    const token = await page.$eval('[data-check="Token service"]', (li) => li.textContent);
    expect(token).toContain("http://127.0.0.1:9/token");
    expect(token).toMatch(/unreachable/);
  });
});
