/**
 * Issue #10: when the agent signs out of Flex (Flex's own Logout action) or closes Flex for good,
 * the extension signs them out too: its TaskRouter connection closes and their clients' data
 * leaves the view and storage.session. Opening Flex again signs them back in.
 *
 * Each story has a browser and an emulator of its own: what one leaves behind (a Flex tab on its
 * signed-out page, the Flex-gone alarm, a signed-out agent) is exactly what the other is about.
 */
import type { Page } from "puppeteer-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createTask } from "../../driver/flex-actions.ts";
import { eventually } from "../../driver/index.ts";
import {
  FLEX_GONE_AFTER_MINUTES,
  FLEX_GONE_ALARM,
} from "../../src/features/flex-presence/worker-presence.ts";
import { harnessFor } from "./support/harness-for.ts";

/** A browser with the popup open, for one story. */
function agentLeavingFlex() {
  const pages: { flex?: Page; popup?: Page } = {};
  const stack = harnessFor({}, () => [pages.flex, pages.popup]);
  beforeAll(async () => {
    pages.popup = await stack.hb.openPopup();
  });
  const popup = () => {
    if (!pages.popup) throw new Error("the popup opens in beforeAll");
    return pages.popup;
  };
  const stored = async () =>
    JSON.stringify(await (await stack.hb.serviceWorker()).evaluate(() => chrome.storage.session.get(null)));

  /** Flex open and signed in, with a missed offer in the agent's history (client data). */
  async function signedInWithHistory(leadId: string, name: string): Promise<Page> {
    const { hb } = stack;
    pages.flex = await hb.openFlex();
    await hb.waitForTestId(popup(), "hb-connection", /^Connected$/);
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await hb.waitForTestId(popup(), "hb-activity", /^Available$/);
    await createTask(hb, "weblead", {
      timeoutSeconds: 1.5,
      attributes: { lead_id: leadId, name },
    });
    await popup().waitForSelector('[data-testid="hb-history"] li[data-outcome="missed"]', {
      timeout: 15_000,
    });
    expect(await stored()).toContain(name);
    return pages.flex;
  }

  return {
    get hb() {
      return stack.hb;
    },
    popup,
    stored,
    signedInWithHistory,
    /** The Flex tab a test opened after this (its screenshot on failure). */
    set flex(page: Page) {
      pages.flex = page;
    },
  };
}

describe("the agent signs out of Flex", () => {
  const agent = agentLeavingFlex();

  it("signs the agent out and their clients' data goes", async () => {
    const flex = await agent.signedInWithHistory("L-5001", "Logout Client");
    // HunkBridge hears Flex's Logout through its listeners on Flex's Actions: they must be on
    // (a loaded machine can be slower to put them on than the agent is to log out here).
    await flex.waitForFunction(
      () => performance.getEntriesByName("hunkbridge:flex-actions:listening").length > 0,
      { polling: 100, timeout: 15_000 },
    );
    // A busy agent machine: Flex's page at a sixth of the CPU. Flex leaves for its login page as
    // soon as its Logout action resolves; unless afterLogout holds it until the service worker has
    // the sign-out, the page unloads first about half the time at this rate (measured).
    const cdp = await flex.createCDPSession();
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    await flex.bringToFront();
    await flex.click('[data-testid="fixture-logout"]');
    await flex.waitForFunction(() => location.pathname === "/logged-out", { timeout: 15_000 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

    await agent.hb.waitForTestId(agent.popup(), "hb-connection", /^Waiting for Flex$/);
    expect(await agent.popup().evaluate(() => document.body.textContent)).toContain("You signed out of Flex");
    expect(await agent.popup().$('[data-testid="hb-history"] li')).toBeNull();
    expect(await agent.stored()).not.toContain("Logout Client");

    // Signing in to Flex again signs the extension in again.
    await flex.goto(agent.hb.stack.flexUrl);
    await agent.hb.waitForTestId(agent.popup(), "hb-connection", /^Connected$/);
  });
});

describe("the agent closes Flex", () => {
  const agent = agentLeavingFlex();

  it("for good signs the agent out; Flex back in time changes nothing", async () => {
    let flex = await agent.signedInWithHistory("L-5002", "Closed Client");
    const worker = await agent.hb.serviceWorker();
    const alarm = () =>
      worker.evaluate((name: string) => chrome.alarms.get(name).then((a) => a ?? null), FLEX_GONE_ALARM);

    // Closed, then back before the grace period ends: the clock stops, nothing is lost.
    const closedAt = Date.now();
    await flex.close();
    const set = await eventually(alarm, (a) => a !== null, { what: "the Flex-gone alarm" });
    // Set when the tab closed, for the whole grace period.
    const grace = FLEX_GONE_AFTER_MINUTES * 60_000;
    expect(set?.scheduledTime).toBeGreaterThanOrEqual(closedAt + grace);
    expect(set?.scheduledTime).toBeLessThanOrEqual(Date.now() + grace);
    flex = await agent.hb.openFlex();
    agent.flex = flex;
    await eventually(alarm, (a) => a === null, { what: "the Flex-gone alarm to be cleared" });
    await agent.hb.waitForTestId(agent.popup(), "hb-connection", /^Connected$/);
    expect(await agent.stored()).toContain("Closed Client");

    // Closed for good: when the alarm rings (brought forward here) with no Flex tab, it's over.
    await flex.close();
    await eventually(alarm, (a) => a !== null, { what: "the Flex-gone alarm" });
    await worker.evaluate(
      (name: string) => chrome.alarms.create(name, { when: Date.now() + 200 }),
      FLEX_GONE_ALARM,
    );
    await agent.hb.waitForTestId(agent.popup(), "hb-connection", /^Waiting for Flex$/, 20_000);
    expect(await agent.popup().evaluate(() => document.body.textContent)).toContain(
      "Flex has been closed for a while",
    );
    expect(await agent.stored()).not.toContain("Closed Client");
  });
});
