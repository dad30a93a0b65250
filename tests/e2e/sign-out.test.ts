/**
 * Issue #10: when the agent signs out of Flex (Flex's own Logout action) or closes Flex for good,
 * the extension signs them out too: its TaskRouter connection closes and their clients' data
 * leaves the view and storage.session. Opening Flex again signs them back in.
 */
import type { Page } from "puppeteer-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createTask } from "./harness/flex-actions.ts";
import { harnessFor } from "./harness/harness-for.ts";

describe("the agent leaves Flex", () => {
  let flex: Page;
  let popup: Page;
  const stack = harnessFor({}, () => [flex, popup]);
  beforeAll(async () => {
    popup = await stack.hb.openPopup();
  });

  const stored = async () =>
    JSON.stringify(await (await stack.hb.serviceWorker()).evaluate(() => chrome.storage.session.get(null)));

  /** Flex open and signed in, with a missed offer in the agent's history (client data). */
  async function signedInWithHistory(leadId: string, name: string): Promise<void> {
    flex = await stack.hb.openFlex();
    await stack.hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await stack.hb.admin("POST", `/workers/${encodeURIComponent(stack.hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await stack.hb.waitForTestId(popup, "hb-activity", /^Available$/);
    await createTask(stack.hb, "weblead", {
      timeoutSeconds: 1.5,
      attributes: { lead_id: leadId, name },
    });
    await popup.waitForSelector('[data-testid="hb-history"] li[data-outcome="missed"]', { timeout: 15_000 });
    expect(await stored()).toContain(name);
  }

  /** Polls the service worker (waitForFunction doesn't poll in a worker). */
  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("signing out of Flex signs the agent out and their clients' data goes", async () => {
    await signedInWithHistory("L-5001", "Logout Client");
    await flex.bringToFront();
    await flex.click('[data-testid="fixture-logout"]');
    await flex.waitForFunction(() => location.pathname === "/logged-out", { timeout: 15_000 });

    await stack.hb.waitForTestId(popup, "hb-connection", /^Waiting for Flex$/);
    expect(await popup.evaluate(() => document.body.textContent)).toContain("You signed out of Flex");
    expect(await popup.$('[data-testid="hb-history"] li')).toBeNull();
    expect(await stored()).not.toContain("Logout Client");

    // Signing in to Flex again signs the extension in again.
    await flex.goto(stack.hb.stack.flexUrl);
    await stack.hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await flex.close();
  });

  it("closing Flex for good signs the agent out; Flex back in time changes nothing", async () => {
    await signedInWithHistory("L-5002", "Closed Client");
    const worker = await stack.hb.serviceWorker();
    const alarm = () => worker.evaluate(() => chrome.alarms.get("hb-flex-gone").then((a) => a ?? null));

    // Closed, then back before the grace period ends: the clock stops, nothing is lost.
    await flex.close();
    await until(async () => (await alarm()) !== null, "the Flex-gone alarm");
    const set = await alarm();
    expect((set?.scheduledTime ?? 0) - Date.now()).toBeGreaterThan(9 * 60_000);
    flex = await stack.hb.openFlex();
    await until(async () => (await alarm()) === null, "the Flex-gone alarm to be cleared");
    await stack.hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(await stored()).toContain("Closed Client");

    // Closed for good: when the alarm rings (brought forward here) with no Flex tab, it's over.
    await flex.close();
    await until(async () => (await alarm()) !== null, "the Flex-gone alarm");
    await worker.evaluate(() => chrome.alarms.create("hb-flex-gone", { when: Date.now() + 200 }));
    await stack.hb.waitForTestId(popup, "hb-connection", /^Waiting for Flex$/, 20_000);
    expect(await popup.evaluate(() => document.body.textContent)).toContain(
      "Flex has been closed for a while",
    );
    expect(await stored()).not.toContain("Closed Client");
  });
});
