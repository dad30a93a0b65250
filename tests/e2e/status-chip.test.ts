/**
 * Issue #16 (part 3): the status chip in Flex's top bar (hb-status, CONTRACT §4) says whether
 * screen-pop works, in the popup's words, with the popup's one fixing action.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../../driver/index.ts";
import { harnessFor } from "./support/harness-for.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

describe("the status chip on Flex when the sign-in is refused", () => {
  // Its own browser: the refusal must meet the extension's first sign-in, which another test's
  // Flex tab would already have made.
  let flex: Page | undefined;
  const stack = harnessFor({}, () => [flex]);

  it("says the sign-in is refused, and its fix (Retry now) asks again at once", async () => {
    // The first sign-ins are refused (the fixture Flex's own exchange, then the extension's); a
    // refusal is asked again only every 2 minutes by itself, so only the fix helps in time.
    await stack.hb.admin("POST", "/token-service/fail-next", { status: 401, count: 2 });
    flex = await stack.hb.openFlex();
    await flex.bringToFront();
    await stack.hb.waitForTestId(flex, "hb-status", /^HunkBridge: Sign-in refused/, 20_000);
    expect(await flex.$eval('[data-testid="hb-status"]', (el) => !!el.closest(".Twilio-MainHeader"))).toBe(
      true,
    );
    expect(await flex.$eval('[data-testid="hb-status"]', (el) => el.getAttribute("title"))).toMatch(
      /If Flex itself works, tell your admin/,
    );
    await flex.waitForSelector('[data-testid="hb-status-fix"]:not([hidden])');
    expect(await flex.$eval('[data-testid="hb-status-fix"]', (el) => el.textContent)).toBe("Retry now");
    await flex.click('[data-testid="hb-status-fix"]');
    await stack.hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/, 20_000);
    expect(await flex.$eval('[data-testid="hb-status-fix"]', (el) => (el as HTMLElement).hidden)).toBe(true);
  });
});

describe("the status chip on Flex", () => {
  let flex: Page;
  let second: Page | undefined;
  const stack = harnessFor({}, () => [flex, second]);

  // Each test has its own signed-in Flex tab: the Flex tabs an earlier test opened are closed
  // (here, not in an afterEach, so that a failed test's screenshots still have them).
  beforeEach(async () => {
    for (const page of [second, flex]) if (page && !page.isClosed()) await page.close();
    second = undefined;
    flex = await stack.hb.openFlex();
    await flex.bringToFront();
    await stack.hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/, 20_000);
  });

  it("survives Flex re-rendering its header", async () => {
    await flex.evaluate(() => window.__flexFixture?.rerender());
    await stack.hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/);
    expect(await flex.$$eval('[data-testid="hb-status"]', (els) => els.length)).toBe(1);
  });
  it("tells the agent in every Flex tab that one is enough, until the second is closed", async () => {
    second = await stack.hb.openFlex();
    for (const page of [flex, second]) {
      if (!page) throw new Error("the second Flex tab did not open");
      await page.bringToFront();
      expect(await stack.hb.waitForTestId(page, "hb-flex-tabs")).toMatch(
        /^Flex is open in 2 tabs; one is enough/,
      );
    }
    await second.close();
    await flex.bringToFront();
    await flex.waitForFunction(() => !document.querySelector('[data-testid="hb-flex-tabs"]'), {
      timeout: 10_000,
    });
  });
});

describe("Available in Flex while screen-pop is off", () => {
  let hb: Harness;
  let flex: Page;

  beforeAll(async () => {
    // No token service configured: Flex signs in by itself, HunkBridge can't.
    hb = await startHarness({ config: { tokenUrl: null } });
    flex = await hb.openFlex();
    await flex.waitForFunction(() => window.__flexFixture?.state().status === "ready", { timeout: 20_000 });
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex],
    ),
  );

  const setActivity = (activity: string) =>
    hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, { activity });

  it("warns the agent for as long as they are Available and HunkBridge can't screen-pop", async () => {
    await flex.bringToFront();
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Not configured/);
    expect(await flex.$('[data-testid="hb-screenpop-off"]')).toBeNull();
    await setActivity("Available");
    const text = await hb.waitForTestId(flex, "hb-screenpop-off", /screen-pop is off/);
    expect(text).toContain("HunkBridge: Not configured");
    expect(await flex.$eval('[data-testid="hb-screenpop-off"]', (el) => el.getAttribute("role"))).toBe(
      "alert",
    );
    await setActivity("Unavailable");
    await flex.waitForFunction(() => !document.querySelector('[data-testid="hb-screenpop-off"]'), {
      timeout: 10_000,
    });
  });
});
