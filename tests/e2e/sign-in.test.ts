/**
 * The foundation's first end-to-end story: the built extension loads in Chromium, picks up the
 * agent's token from the Flex page, exchanges it at the emulator's token service, connects its own
 * TaskRouter worker, and the popup shows the agent's activity, live.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness/index.ts";
import { screenshotOnFailure } from "./harness/screenshots.ts";

interface AdminState {
  workers: Array<{ identity: string; activity: string; sockets: number }>;
}

describe("sign-in and the popup", () => {
  let hb: Harness;
  let flex: Page;
  let popup: Page;

  beforeAll(async () => {
    hb = await startHarness();
    flex = await hb.openFlex();
    popup = await hb.openPopup();
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex, popup],
    ),
  );

  it("connects with the Flex token and shows the agent Unavailable", async () => {
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(await hb.waitForTestId(popup, "hb-activity", /\w/)).toBe("Unavailable");
    // Flex's session and the extension's are both connected; neither kicked the other.
    const state = await hb.admin<AdminState>("GET", "/state");
    const agent = state.workers.find((w) => w.identity === hb.stack.identity);
    expect(agent?.sockets).toBe(2);
  });

  it("follows an activity change made elsewhere (in Flex)", async () => {
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Break",
    });
    expect(await hb.waitForTestId(popup, "hb-activity", /^Break$/)).toBe("Break");
  });

  it("switches the agent to Available from the popup", async () => {
    await popup.click('[data-testid="hb-set-available"]');
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    const state = await hb.admin<AdminState>("GET", "/state");
    expect(state.workers.find((w) => w.identity === hb.stack.identity)?.activity).toBe("Available");
  });
});
