/**
 * The popup while the agent works a task: a pending offer with its live accept countdown, the task
 * in hand after accepting in Flex (client, origin, state, dial countdown), then the session history.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex } from "./harness/flex-actions.ts";
import { type Harness, startHarness } from "./harness/index.ts";
import { screenshotOnFailure } from "./harness/screenshots.ts";

const seconds = (text: string) => Number(/^(\d+) s$/.exec(text)?.[1] ?? Number.NaN);

describe("popup: pending offer, task in hand, history", () => {
  let hb: Harness;
  let flex: Page;
  let popup: Page;

  beforeAll(async () => {
    // A long accept window and review time, so the countdowns can be watched moving.
    hb = await startHarness({ config: { acceptWindowSeconds: 60, reviewSeconds: 60 } });
    flex = await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [popup, flex],
    ),
  );

  it("shows a pending offer with its accept countdown, counting down", async () => {
    await createTask(hb, "weblead", {
      attributes: { lead_id: "L-7001", name: "Katherine Johnson", phone: "+16175550188" },
      timeoutSeconds: 60,
    });
    await popup.bringToFront();
    const offer = await hb.waitForTestId(popup, "hb-offer", /Katherine Johnson/);
    expect(offer).toContain("Incoming: accept it in Flex");
    expect(offer).toContain("Web lead");
    const first = seconds(await hb.waitForTestId(popup, "hb-accept-countdown", /^\d+ s$/));
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(seconds(await hb.waitForTestId(popup, "hb-accept-countdown", /^\d+ s$/))).toBeLessThan(first);
    expect(await hb.waitForTestId(popup, "hb-current-task")).toBe("No task in hand.");
  });

  it("shows the task in hand with client, origin, state and the dial countdown", async () => {
    await flex.bringToFront();
    await acceptInFlex(flex);
    await popup.bringToFront();
    const task = await hb.waitForTestId(popup, "hb-current-task", /Katherine Johnson/);
    expect(task).toContain("1-617-555-0188");
    expect(task).toContain("Web lead");
    expect(task).toContain("Lead L-7001");
    expect(task).toContain("Accepted: reviewing before the call");
    expect(seconds(await hb.waitForTestId(popup, "hb-dial-countdown", /^\d+ s$/))).toBeGreaterThan(50);
    expect(await popup.$('[data-testid="hb-offer"]')).toBeNull();
  });

  it("lists the finished task in this session's history with its time to accept", async () => {
    await flex.bringToFront();
    await finishInFlex(flex);
    await popup.bringToFront();
    await hb.waitForTestId(popup, "hb-current-task", /^No task in hand\.$/);
    const entry = await hb.waitForTestId(popup, "hb-history", /Katherine Johnson/);
    expect(entry).toMatch(/Completed/);
    expect(entry).toMatch(/accepted in \d+\.\d s/);
  });
});
