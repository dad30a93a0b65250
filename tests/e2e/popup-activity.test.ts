/**
 * The popup against the real service worker and the emulator: the connection fix ("Open Flex"),
 * the activity switcher over the workspace's activities, and Go Available, each seen by TaskRouter.
 */
import type { Page } from "puppeteer-core";
import { beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../../driver/index.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";
import { harnessFor } from "./support/harness-for.ts";

interface AdminState {
  workers: Array<{ identity: string; activity: string }>;
}

const activityOf = async (hb: Harness) =>
  (await hb.admin<AdminState>("GET", "/state")).workers.find((w) => w.identity === hb.stack.identity)
    ?.activity;

describe("popup: without Flex open", () => {
  // A browser of its own: Flex has never been open in it.
  let popup: Page | undefined;
  const stack = harnessFor({ via: "options" }, () => [popup]);

  it("says so and opens Flex with its one action", async () => {
    const { hb } = stack;
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Waiting for Flex$/);
    const buttons = await popup.$$eval("section[aria-labelledby='hb-connection-title'] button", (bs) =>
      bs.map((b) => b.textContent),
    );
    expect(buttons).toEqual(["Open Flex"]);
    const flexTab = hb.chromium.browser.waitForTarget((t) => t.url().startsWith(hb.stack.flexUrl));
    await popup.click("button[data-fix='open-flex']");
    await flexTab;
    // The new Flex tab took the front; waitForFunction polls on animation frames, which a
    // background tab doesn't get.
    await popup.bringToFront();
    // Flex hands its token over; the popup, still open, follows the sign-in live.
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(
      await popup.$eval("section[aria-labelledby='hb-connection-title']", (s) => s.textContent),
    ).toContain(`Signed in as ${hb.stack.identity}`);
  });
});

describe("popup: connection and activity", () => {
  // The working token service, put back before each test (one test points tokenUrl elsewhere) and
  // before the desk is reset, which waits for Connected.
  beforeEach(async () => {
    const { hb } = agent;
    const stored = await (await hb.serviceWorker()).evaluate(
      async () => ((await chrome.storage.local.get("options")).options as { tokenUrl?: string }).tokenUrl,
    );
    if (stored !== hb.stack.config.tokenUrl) await hb.setOptions({ tokenUrl: hb.stack.config.tokenUrl });
  });
  // Through the options storage: a test changes tokenUrl there, which a policy would override.
  // Each test starts with the agent Connected, Unavailable and without a task.
  const agent = agentInFlex({ via: "options", freshDesk: true });

  it("lists the workspace's activities and switches through them", async () => {
    const { hb, popup } = agent;
    await hb.waitForTestId(popup, "hb-activity", /^Unavailable$/);
    const options = await popup.$$eval("select option", (os) =>
      os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })),
    );
    expect(options.map((o) => o.text)).toEqual(
      expect.arrayContaining(["Available", "Unavailable", "Offline", "Break"]),
    );
    const breakSid = options.find((o) => o.text === "Break")?.value ?? "";
    await popup.select("select", breakSid);
    await hb.waitForTestId(popup, "hb-activity", /^Break$/);
    expect(await activityOf(hb)).toBe("Break");
  });

  it("switches the agent to Available and the emulator sees it", async () => {
    const { hb, popup } = agent;
    await popup.bringToFront(); // a click needs the tab in front
    await popup.click('[data-testid="hb-set-available"]');
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    expect(await activityOf(hb)).toBe("Available");
    expect(
      await popup.$eval('[data-testid="hb-set-available"]', (b) => (b as HTMLButtonElement).disabled),
    ).toBe(true);
  });

  it("shows an empty history and no task in hand", async () => {
    const { hb, popup } = agent;
    expect(await hb.waitForTestId(popup, "hb-current-task")).toBe("No task in hand.");
    expect(await popup.$eval("section[aria-labelledby='hb-history-title']", (s) => s.textContent)).toContain(
      "No tasks yet in this browser session.",
    );
  });

  it("follows a configuration change live: a dead token service, then the working one again", async () => {
    const { hb, popup } = agent;
    const setTokenUrl = (tokenUrl: string) => hb.setOptions({ tokenUrl });
    // Port 9 (discard) refuses connections: the token service is "down", with a retry offered.
    await setTokenUrl("http://127.0.0.1:9/token");
    await hb.waitForTestId(popup, "hb-connection", /^Token service down$/);
    expect(await popup.$eval("button[data-fix]", (b) => b.textContent)).toBe("Retry now");
    // Back to the working service: the service worker signs in again by itself.
    await setTokenUrl(String(hb.stack.config.tokenUrl));
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });

  it("shows the keyboard shortcuts as Chrome has them bound", async () => {
    const { hb, popup } = agent;
    const shortcuts = await hb.waitForTestId(popup, "hb-shortcuts");
    expect(shortcuts).toContain("Alt+Shift+FGo to Flex");
    expect(shortcuts).toContain("Alt+Shift+HGo to Hunkware");
    expect(shortcuts).toContain("Alt+Shift+KOpen HunkBridge");
  });
});
