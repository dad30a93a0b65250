/**
 * Token refresh: the extension asks the token service for a new worker token before the old one
 * expires and hands it to the same TaskRouter connection, so the agent never drops off.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness/index.ts";
import { screenshotOnFailure } from "./harness/screenshots.ts";

const TTL_SECONDS = 12;

describe("worker token refresh", () => {
  let hb: Harness;
  let popup: Page;
  const timeline: string[] = [];

  beforeAll(async () => {
    hb = await startHarness({ workerTokenTtlSeconds: TTL_SECONDS, log: (line) => timeline.push(line) });
    await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [popup],
    ),
  );

  it("renews the worker token before it expires, on the same connection", async () => {
    const issued = () => timeline.filter((l) => l.startsWith("token issued")).length;
    const opened = () => timeline.filter((l) => l.startsWith("socket opened")).length;
    const [issuedBefore, openedBefore] = [issued(), opened()];
    expect(openedBefore).toBe(2); // Flex's page and the extension
    // The extension refreshes at 80 % of a short lifetime: about 9.6 s in.
    await expect.poll(issued, { timeout: TTL_SECONDS * 1000, interval: 200 }).toBeGreaterThan(issuedBefore);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    // Past the first token's expiry, the agent is still connected and can act through it.
    await new Promise((r) => setTimeout(r, (TTL_SECONDS - 9) * 1000));
    await popup.bringToFront();
    await popup.click('[data-testid="hb-set-available"]');
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    // Nobody had to reconnect: the new token went to the open connection.
    expect(opened()).toBe(openedBefore);
  });
});
