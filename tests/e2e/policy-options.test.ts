import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../driver/index.ts";
import { policySuiteOptedOut, requirePolicyWriter } from "../../driver/policy.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

const field = (page: Page, key: string) =>
  page.$eval(`.field[data-key="${key}"]`, (el) => {
    const f = el as HTMLElement;
    const input = f.querySelector("input, textarea") as HTMLInputElement;
    return {
      source: f.dataset.source,
      locked: f.dataset.locked,
      readOnly: input.readOnly,
      value: input.value,
      problem: f.querySelector(".problem")?.textContent ?? null,
    };
  });

const SUITE = "options page under managed policy";

// Needs root: without it the suite fails and says so (HB_SKIP_POLICY_TESTS=1 skips it, loudly).
describe.skipIf(policySuiteOptedOut(SUITE))(SUITE, () => {
  let hb: Harness;
  let options: Page;
  /** A test changed the policy file: the next one starts from the original again. */
  let policyChanged = false;

  beforeAll(async () => {
    requirePolicyWriter(SUITE);
    hb = await startHarness({
      via: "policy",
      config: { acceptWindowSeconds: "twelve", reviewSeconds: 0, leadPath: "/crm/leads/{lead_id}" },
    });
    options = await hb.chromium.browser.newPage();
    await options.goto(`chrome-extension://${hb.extensionId}/options/index.html`, {
      waitUntil: "domcontentloaded",
    });
  });
  afterAll(async () => hb?.close());
  beforeEach(async () => {
    if (policyChanged) {
      if (!hb.policy) throw new Error("this run has no policy file");
      await hb.policy.update(hb.config);
      policyChanged = false;
      await options.waitForFunction(
        () =>
          (document.querySelector("#hb-opt-leadPath") as HTMLInputElement | null)?.value ===
          "/crm/leads/{lead_id}",
        { timeout: 30_000, polling: 100 },
      );
    }
    // The page shows the policy, whichever test comes first.
    await options.bringToFront();
    await options.waitForSelector('.field[data-key="tokenUrl"][data-source="policy"]', { timeout: 15_000 });
  });
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [options],
    ),
  );

  it("uses the policy: content scripts on the policy's Flex origin, signed in at its token service", async () => {
    // startHarness already waited for the scripts on the policy's Flex origin; Flex signs in with them.
    const flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 20_000);
    await Promise.all([flex.close(), popup.close()]);
  });

  it("shows policy values locked", async () => {
    for (const key of ["flexOrigins", "hunkwareUrl", "tokenUrl", "customerServiceTarget", "leadPath"]) {
      expect(await field(options, key), key).toMatchObject({
        source: "policy",
        locked: "true",
        readOnly: true,
      });
    }
    expect((await field(options, "leadPath")).value).toBe("/crm/leads/{lead_id}");
    expect((await field(options, "flexOrigins")).value).toBe(hb.stack.flexUrl);
  });

  it("reports a right-typed invalid value and uses the default", async () => {
    expect(await field(options, "reviewSeconds")).toMatchObject({
      source: "default",
      locked: "true",
      value: "15",
    });
    expect((await field(options, "reviewSeconds")).problem).toMatch(
      /policy value is invalid: reviewSeconds must be .* but it is 0\. The default is used meanwhile\./,
    );
  });

  it("falls back to the default for a wrong-typed value, which Chrome drops before the extension sees it", async () => {
    const managed = await options.evaluate(() => chrome.storage.managed.get());
    expect(managed).toHaveProperty("leadPath");
    expect(managed).not.toHaveProperty("acceptWindowSeconds");
    expect(await field(options, "acceptWindowSeconds")).toMatchObject({
      source: "default",
      locked: "false",
      value: "10",
    });
    expect(await options.$eval('[data-testid="hb-policy-wrong-type"]', (e) => e.textContent)).toContain(
      "A policy value of the wrong type never reaches HunkBridge",
    );
  });

  it("follows a policy change without a reload", async () => {
    if (!hb.policy) throw new Error("this run has no policy file");
    policyChanged = true;
    await hb.policy.update({ ...hb.config, leadPath: "/v2/leads/{lead_id}" });
    await options.waitForFunction(
      () =>
        (document.querySelector("#hb-opt-leadPath") as HTMLInputElement | null)?.value ===
        "/v2/leads/{lead_id}",
      { timeout: 20_000 },
    );
  });
});
