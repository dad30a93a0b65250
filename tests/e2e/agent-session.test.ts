/**
 * The agent's session over time: a missed offer sets them Offline with one click back; the
 * service worker stopped by Chrome mid-review comes back with the countdown and the task; a
 * dropped socket reconnects without touching the agent's activity; unreadable task attributes
 * still give a card; the badge and notification announce an offer and clear on accept.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptInFlex,
  createTask,
  finishInFlex,
  hunkwareTabs,
  waitForHunkwareTab,
} from "../../driver/flex-actions.ts";
import { type Harness, startHarness } from "../../driver/index.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";
import { harnessFor } from "./support/harness-for.ts";

interface AdminState {
  workers: Array<{ identity: string; activity: string; sockets: number }>;
  reservations: Array<{ sid: string; status: string }>;
}

describe("the agent's session", () => {
  // Each test starts from the same desk (no task, Unavailable, Connected), in any order.
  const agent = agentInFlex({ freshDesk: true });

  const activityInEmulator = async () =>
    (await agent.hb.admin<AdminState>("GET", "/state")).workers.find(
      (w) => w.identity === agent.hb.stack.identity,
    )?.activity;
  const swEval = async <T>(fn: () => T | Promise<T>) => (await agent.hb.serviceWorker()).evaluate(fn);

  it("announces an offer with the badge and a notification, and clears both on accept", async () => {
    await agent.popup.bringToFront(); // Flex is not the focused tab
    const { reservationSid } = await createTask(agent.hb, "weblead", { attributes: { name: "Ada Byron" } });
    await expect
      .poll(() => swEval(() => chrome.action.getBadgeText({})), { timeout: 10_000 })
      .toMatch(/^\d+$/);
    await expect
      .poll(() => swEval(async () => Object.keys(await chrome.notifications.getAll())), { timeout: 10_000 })
      .toEqual([`hb-offer-${reservationSid}`]);
    await acceptInFlex(agent.flex);
    await expect.poll(() => swEval(() => chrome.action.getBadgeText({})), { timeout: 10_000 }).toBe("");
    await expect
      .poll(() => swEval(async () => Object.keys(await chrome.notifications.getAll())), { timeout: 10_000 })
      .toEqual([]);
    await finishInFlex(agent.flex);
  });

  it("shows Offline after a missed offer, and one click brings the agent back to Available", async () => {
    await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Available$/);
    await createTask(agent.hb, "weblead", { timeoutSeconds: 1.5 });
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Offline$/);
    expect(await activityInEmulator()).toBe("Offline");
    expect(await swEval(() => chrome.action.getBadgeText({}))).toBe("");
    await agent.popup.bringToFront();
    await agent.popup.click('[data-testid="hb-set-available"]');
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Available$/);
    expect(await activityInEmulator()).toBe("Available");
  });

  it("keeps the agent's activity when the socket drops, and reconnects", async () => {
    await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/activity`, {
      activity: "Break",
    });
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Break$/);
    await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/drop-sockets`);
    await agent.hb.waitForTestId(agent.popup, "hb-connection", /^Reconnecting/);
    await agent.hb.waitForTestId(agent.popup, "hb-connection", /^Connected$/);
    expect(await agent.hb.waitForTestId(agent.popup, "hb-activity")).toBe("Break");
    expect(await activityInEmulator()).toBe("Break");
  });

  it("restores the countdown and the task in hand after Chrome stopped the service worker", async () => {
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-3001", name: "Restored Client" } });
    await acceptInFlex(agent.flex);
    const hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-3001$/,
    );
    const before = Number.parseInt(
      await agent.hb.waitForTestId(hunkware, "hb-dial-countdown", /^\d+ s$/),
      10,
    );
    const dialAt = await swEval(async () => {
      const { session } = (await chrome.storage.session.get("session")) as {
        session: { reservations: Array<{ dialAtMs?: number }> };
      };
      return session.reservations[0]?.dialAtMs;
    });
    await swEval(() => {
      (globalThis as { beforeStop?: boolean }).beforeStop = true;
    });
    await (await agent.hb.serviceWorker()).close();
    // Waking it again, as the watchdog alarm or any extension event would.
    const fresh = await agent.hb.openPopup();
    await agent.hb.waitForTestId(fresh, "hb-connection", /^Connected$/);
    // A new service-worker instance: the mark set on the old one is gone.
    expect(await swEval(() => (globalThis as { beforeStop?: boolean }).beforeStop)).toBeUndefined();
    const restored = await swEval(async () => {
      const { session } = (await chrome.storage.session.get("session")) as {
        session: { inHand: string | null; reservations: Array<{ dialAtMs?: number; phase: string }> };
      };
      return { inHand: session.inHand, dialAtMs: session.reservations[0]?.dialAtMs };
    });
    expect(restored.inHand).toMatch(/^WR/);
    expect(restored.dialAtMs).toBe(dialAt);
    // The card in Hunkware follows the restarted worker and keeps counting down from the same deadline.
    const after = Number.parseInt(
      await agent.hb.waitForTestId(hunkware, "hb-dial-countdown", /\d+ s|Dialing/),
      10,
    );
    expect(Number.isNaN(after) || after <= before).toBe(true);
    expect(await hunkware.$eval('[data-testid="hb-client-card"]', (el) => el.textContent)).toContain(
      "Restored Client",
    );
    await fresh.close();
    await finishInFlex(agent.flex);
  });
});

describe("an accept made while the extension was not listening", () => {
  let hb: Harness;

  beforeAll(async () => {
    hb = await startHarness();
  });
  afterAll(async () => hb?.close());

  it("screen-pops once the service worker is back and has re-read the session", async () => {
    const flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    const { reservationSid } = await createTask(hb, "weblead", {
      timeoutSeconds: 60,
      attributes: { lead_id: "L-5001", name: "Accepted Meanwhile" },
    });
    await hb.waitForTestId(popup, "hb-offer", /Accepted Meanwhile/);
    // Nothing left to wake the service worker (no Flex or popup ports), then Chrome stops it.
    await flex.close();
    await popup.close();
    await (await hb.serviceWorker()).close();
    // Meanwhile the agent accepts (as another session of the same worker would: Flex elsewhere).
    await hb.admin("POST", `/reservations/${reservationSid}/accept`);

    const woken = await hb.openPopup();
    const hunkware = await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\/L-5001$/);
    await hb.waitForTestId(hunkware, "hb-client-card", /Accepted Meanwhile/);
    await hunkware.evaluate(() => Object.assign(window, { hbTestMark: true }));
    // A reconnect re-reads the session again: the pop is not made twice.
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/drop-sockets`);
    await hb.waitForTestId(woken, "hb-connection", /^Connected$/);
    // The control: an offer made after the drop reaches the popup. It comes with the reconnect's
    // re-read of the reservations or after it, and that re-read is where a second pop would start.
    await createTask(hb, "weblead", {
      timeoutSeconds: 60,
      attributes: { lead_id: "L-5002", name: "After Reconnect" },
    });
    await hb.waitForTestId(woken, "hb-offer", /After Reconnect/);
    expect(await hunkware.evaluate(() => "hbTestMark" in window)).toBe(true);
    expect(await hunkwareTabs(hb.chromium.browser, hb.stack.hunkwareUrl)).toHaveLength(1);
  });
});

describe("a refused sign-in", () => {
  let popup: Page;
  const stack = harnessFor({}, () => [popup]);

  it("says what is wrong and whose it is to fix, and when it tries again", async () => {
    // Flex's own page exchanges its token too: refuse every exchange in this browser.
    await stack.hb.admin("POST", "/token-service/fail-next", { status: 401, count: 10 });
    await stack.hb.openFlex();
    popup = await stack.hb.openPopup();
    await stack.hb.waitForTestId(popup, "hb-connection", /^Sign-in refused$/);
    const text = await popup.$eval("main", (el) => el.textContent);
    expect(text).toMatch(/refused your Flex sign-in \(HTTP 401\)\. If Flex itself works, tell your admin/);
    // The slow schedule: about two minutes, never sooner.
    const seconds = Number(/Trying again by itself in (\d+) s/.exec(text ?? "")?.[1]);
    expect(seconds).toBeGreaterThan(100);
    expect(seconds).toBeLessThanOrEqual(132);
  });
});

describe("an agent whose sign-in is refused while working", () => {
  let hunkware: Page | undefined;
  const agent = agentInFlex({ alsoShoot: () => [hunkware] });

  /** Flex renews its token, as it does on its own schedule: the page's Manager holds a new one. */
  async function flexRenewsItsToken(): Promise<void> {
    const { flexToken } = await agent.hb.admin<{ flexToken: string }>("POST", "/flex-token", {
      identity: agent.hb.stack.identity,
    });
    await agent.flex.evaluate((token) => {
      const flex = (
        window as unknown as { Twilio: { Flex: { Manager: { getInstance(): { user: { token: string } } } } } }
      ).Twilio.Flex;
      flex.Manager.getInstance().user.token = token;
    }, flexToken);
  }

  it("keeps the call in hand, its card and the session until Flex's next token signs in again", async () => {
    const { hb, popup } = agent;
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    await createTask(hb, "weblead", { attributes: { lead_id: "L-6001", name: "Kept Client" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\/L-6001$/);
    await hb.waitForTestId(hunkware, "hb-client-card", /Kept Client/);

    // The token service refuses Flex's renewed token (its credentials were rotated, say).
    await hb.admin("POST", "/token-service/fail-next", { status: 401, count: 1 });
    await flexRenewsItsToken();
    await popup.bringToFront();
    await popup.waitForFunction(
      () => /refused your Flex sign-in/.test(document.querySelector("main")?.textContent ?? ""),
      { polling: 100, timeout: 10_000 },
    );
    // The live connection goes on with its token; nothing of the agent's work went.
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    expect(await hb.waitForTestId(popup, "hb-current-task")).toMatch(/Kept Client/);
    expect(await hb.waitForTestId(hunkware, "hb-client-card")).toMatch(/Kept Client/);
    const stored = await (await hb.serviceWorker()).evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify(stored)).toContain("L-6001");

    // Flex's next token signs in again at once, without waiting for the slow retry.
    await flexRenewsItsToken();
    await popup.waitForFunction(
      () => !/refused your Flex sign-in/.test(document.querySelector("main")?.textContent ?? ""),
      { polling: 100, timeout: 10_000 },
    );
    expect(await hb.waitForTestId(popup, "hb-current-task")).toMatch(/Kept Client/);
    await finishInFlex(agent.flex);
  });
});
