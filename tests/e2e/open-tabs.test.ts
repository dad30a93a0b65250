/**
 * The awkward starts agents really have: Flex (pinned) and Hunkware are open before the extension
 * is installed, and Chromium restarts on the same profile with those tabs restored before the
 * service worker has registered anything. Neither may need a reload: the agent signs in from the
 * open Flex tab and the next accept pops the open Hunkware tab.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  acceptInFlex,
  createTask,
  finishInFlex,
  guardProvenInFlex,
  waitForHunkwareTab,
} from "../../driver/flex-actions.ts";
import { eventually, type Harness, sandboxExtensionDir, startHarness } from "../../driver/index.ts";
import { buildAsVersion } from "./support/build-as-version.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

/** The page already open at a URL starting with `prefix` (a restored tab, one opened earlier). */
async function pageAt(browser: Browser, prefix: string): Promise<Page> {
  const page = await eventually(
    async () => (await browser.pages()).find((p) => p.url().startsWith(prefix)),
    (found) => found !== undefined,
    { what: `an open tab at ${prefix}`, timeoutMs: 15_000 },
  );
  return page as Page;
}

const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

/** A copy of the built extension with a higher version: installing it is an update. */
async function newerVersionOf(dir: string): Promise<string> {
  const temp = await mkdtemp(join(tmpdir(), "hunkbridge-update-"));
  tempDirs.push(temp);
  const copy = join(temp, "extension");
  const { version } = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as { version: string };
  await buildAsVersion(dir, `${version}.1`, copy);
  return copy;
}

/** How many copies of each content script started in this document (claimPage marks each). */
function startedCopies(page: Page) {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const mark of performance.getEntriesByType("mark")) {
      const name = /^hunkbridge:claimed:(.+)$/.exec(mark.name)?.[1];
      if (name) counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  });
}

/** Marks the page's document: a reload would lose the mark. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { hbTestMark: true }));
const stillSameDocument = (page: Page) => page.evaluate(() => "hbTestMark" in window);

async function signedIn(hb: Harness): Promise<void> {
  const popup = await hb.openPopup();
  await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  await popup.click('[data-testid="hb-set-available"]');
  await hb.waitForTestId(popup, "hb-activity", /^Available$/);
  await popup.close();
}

/** An offer shows the extension's countdown on the open Flex tab, and accepting it pops Hunkware. */
async function offerAcceptAndPop(hb: Harness, flex: Page, leadId: string, name: string): Promise<Page> {
  await createTask(hb, "weblead", { attributes: { lead_id: leadId, name } });
  await hb.waitForTestId(flex, "hb-accept-countdown", /\d/);
  expect(await startedCopies(flex)).toEqual({ "flex-token-relay": 1, "flex-overlays": 1 });
  await acceptInFlex(flex);
  const hunkware = await waitForHunkwareTab(
    hb.chromium.browser,
    hb.stack.hunkwareUrl,
    new RegExp(`/leads/${leadId}$`),
  );
  await hb.waitForTestId(hunkware, "hb-client-card", new RegExp(name));
  return hunkware;
}

/**
 * A browser where Flex and Hunkware were open before the extension was installed, for one
 * `describe`; before each test, no task anywhere (Flex showing none) and the tabs as they were.
 */
function tabsOpenBeforeInstall(): { readonly hb: Harness; readonly flex: Page; readonly hunkware: Page } {
  let hb: Harness;
  let flex: Page;
  let hunkware: Page;

  beforeAll(async () => {
    hb = await startHarness({
      beforeInstall: async (browser, stack) => {
        hunkware = await browser.newPage();
        await hunkware.goto(`${stack.hunkwareUrl}/`);
        flex = await browser.newPage();
        await flex.goto(stack.flexUrl);
        // Flex is signed in and running its own session before the extension exists.
        await flex.waitForFunction(
          () => document.querySelector('[data-testid="activity-status"]')?.textContent === "Unavailable",
        );
      },
    });
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex, hunkware],
    ),
  );
  beforeEach(async () => {
    await hb.admin("POST", "/reset");
    await flex.waitForFunction(() => !document.querySelector(".Twilio-TaskListBaseItem"), {
      polling: 100,
      timeout: 10_000,
    });
  });
  return {
    get hb() {
      return hb;
    },
    get flex() {
      return flex;
    },
    get hunkware() {
      return hunkware;
    },
  };
}

describe("tabs open before the extension is installed", () => {
  const open = tabsOpenBeforeInstall();

  it("signs in from the open Flex tab and pops the open Hunkware tab, without a reload", async () => {
    const { hb, flex, hunkware } = open;
    await markDocument(flex);
    await signedIn(hb);
    const popped = await offerAcceptAndPop(hb, flex, "L-3001", "Ada Open-Tab");
    // The one Hunkware tab the agent had open is the one reused; Flex was never reloaded.
    expect(popped).toBe(hunkware);
    expect(await stillSameDocument(flex)).toBe(true);
    await finishInFlex(flex);
  });

  it("injecting again into a page where the scripts run starts no second copy", async () => {
    const { hb, flex, hunkware } = open;
    await signedIn(hb);
    const worker = await hb.serviceWorker();
    const injected = await worker.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      const scripts = await chrome.scripting.getRegisteredContentScripts();
      let count = 0;
      for (const tab of tabs) {
        for (const script of scripts) {
          if (tab.id === undefined || !script.matches?.some((m) => tab.url?.startsWith(m.slice(0, -1))))
            continue;
          await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            files: script.js ?? [],
            world: script.world ?? "ISOLATED",
          });
          count++;
        }
      }
      return count;
    });
    expect(injected).toBe(5); // Hunkware's card; Flex's relay, overlays, Actions listeners and token reader
    expect(await startedCopies(hunkware)).toEqual({ "hunkware-card": 1 });
    // The Actions listeners: the newest copy took over, the older one let go of Flex's Actions.
    expect(await flex.evaluate(() => window.__flexFixture?.state().actionListeners)).toEqual({
      beforeTransferTask: 1,
      beforeStartExternalWarmTransfer: 1,
      beforeRedirectCallTask: 1,
      beforeDequeueTask: 1,
      beforeIssueCallToWorker: 1,
      beforeAcceptTask: 1,
      beforeStartOutboundCall: 1,
      afterLogout: 1,
    });
    await offerAcceptAndPop(hb, flex, "L-3002", "Grace Twice");
    await finishInFlex(flex);
  });
});

describe("a Flex open before the extension was installed: its guard proven after one reload, between calls", () => {
  // Its own browser: the reload at its end would leave the tests above a Flex loaded after install.
  const open = tabsOpenBeforeInstall();

  it("offers a reload of Flex only when no call is on, and after it the guard is proven", async () => {
    const { hb, flex } = open;
    await signedIn(hb);
    // No key could be shared with halves that came after Flex's scripts: unproven, and the chip
    // offers the reload.
    await hb.waitForTestId(flex, "hb-status-fix", /^Reload Flex$/);
    expect(await flex.$eval('[data-testid="hb-status"]', (el) => el.getAttribute("data-guard"))).toBe(
      "unproven",
    );
    let popup = await hb.openPopup();
    expect(await hb.waitForTestId(popup, "hb-transfer-guard")).toMatch(/^Reload Flex between calls/);
    await popup.close();
    // During a call, nothing asks for the reload.
    await createTask(hb, "weblead", { attributes: { lead_id: "L-3101", name: "Mid Call" } });
    await acceptInFlex(flex);
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/);
    expect(await flex.$('[data-testid="hb-status-fix"]:not([hidden])')).toBeNull();
    await finishInFlex(flex);
    // The call over, the chip's fix reloads Flex; the new page's halves share a key at its start.
    await hb.waitForTestId(flex, "hb-status-fix", /^Reload Flex$/);
    await markDocument(flex);
    await flex.click('[data-testid="hb-status-fix"]');
    await flex.waitForFunction(() => !("hbTestMark" in window), { polling: 100, timeout: 15_000 });
    await guardProvenInFlex(flex);
    expect(await hb.waitForTestId(flex, "hb-status")).toBe("HunkBridge: Connected");
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(await popup.$('[data-testid="hb-transfer-guard"]')).toBeNull();
    await popup.close();
  });
});

describe("an update under the Flex and Hunkware tabs open before the extension was installed", () => {
  // Its own browser: after the update every content script runs twice in these documents (the
  // orphan and the new copy), which the tests above check is not so.
  const open = tabsOpenBeforeInstall();

  it("after an update under the open Flex, the new copies take over and the orphans let go", async () => {
    const { hb, flex } = open;
    await markDocument(flex);
    // An update, as Chrome applies one: the same extension id in a newer version. Its old content
    // scripts lose their extension and can no longer reach it.
    await hb.chromium.browser.installExtension(await newerVersionOf(sandboxExtensionDir()));
    await flex.waitForFunction(
      () => performance.getEntriesByName("hunkbridge:claimed:flex-overlays").length === 2,
      { polling: 100, timeout: 15_000 },
    );
    await signedIn(hb);
    // An orphaned transfer guard would hold transfer blocked (it fails closed without a view):
    // on an inbound call transfer must be as Flex made it.
    await createTask(hb, "inbound");
    await acceptInFlex(flex);
    await flex.waitForFunction(
      () => {
        const transfer = document.querySelector('[data-testid="call-transfer"]');
        return transfer !== null && !transfer.hasAttribute("disabled");
      },
      { polling: 100, timeout: 15_000 },
    );
    // Flex re-renders every node: each live copy's observer sees the new ones at once. When the new
    // copy has put its status chip back in the new header, an orphan's observer has run too, and
    // would have disabled the new Transfer button.
    await flex.evaluate(() => {
      for (const el of document.querySelectorAll('.Twilio-MainHeader, [data-testid="call-transfer"]'))
        Object.assign(el, { hbOld: true });
      window.__flexFixture?.rerender();
    });
    await flex.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="call-transfer"]')].some((el) => !("hbOld" in el)) &&
        [...document.querySelectorAll('.Twilio-MainHeader [data-testid="hb-status"]')].some(
          (el) => !("hbOld" in (el.closest(".Twilio-MainHeader") as Element)),
        ),
      { polling: 100, timeout: 10_000 },
    );
    expect(await flex.$eval('[data-testid="call-transfer"]', (el) => el.hasAttribute("disabled"))).toBe(
      false,
    );
    expect(await stillSameDocument(flex)).toBe(true);
    await finishInFlex(flex);
  });
});

describe("Chromium restarted with its tabs restored", () => {
  let hb: Harness;

  beforeAll(async () => {
    hb = await startHarness({ loadAtStartup: true });
    const hunkware = await hb.chromium.browser.newPage();
    await hunkware.goto(`${hb.stack.hunkwareUrl}/`);
    await hb.openFlex();
    await signedIn(hb);
  });
  afterAll(async () => hb?.close());

  it("signs in from the restored Flex tab and pops the restored Hunkware tab, without a reload", async () => {
    await hb.chromium.restart();
    const flex = await pageAt(hb.chromium.browser, hb.stack.flexUrl);
    const hunkware = await pageAt(hb.chromium.browser, hb.stack.hunkwareUrl);
    await markDocument(flex);
    await signedIn(hb);
    const popped = await offerAcceptAndPop(hb, flex, "L-3003", "Katherine Restored");
    expect(popped).toBe(hunkware);
    expect(await stillSameDocument(flex)).toBe(true);
    await finishInFlex(flex);
  });
});

describe("a Flex tab on an origin the configuration adds later", () => {
  let hb: Harness;

  beforeAll(async () => {
    hb = await startHarness();
  });
  afterAll(async () => hb?.close());

  it("gets the scripts when flexOrigins names it, without a reload", async () => {
    // The same fixture Flex under another origin (localhost instead of 127.0.0.1): not configured yet.
    const otherOrigin = hb.stack.flexUrl.replace("127.0.0.1", "localhost");
    const flex = await hb.chromium.browser.newPage();
    await flex.goto(`${otherOrigin}/`);
    await markDocument(flex);
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Waiting for Flex$/);
    expect(await startedCopies(flex)).toEqual({});

    const config = { ...hb.config, flexOrigins: [otherOrigin] };
    if (hb.policy) await hb.policy.update(config);
    else
      await (await hb.serviceWorker()).evaluate((options) => chrome.storage.local.set({ options }), config);

    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
    expect(await startedCopies(flex)).toEqual({ "flex-token-relay": 1, "flex-overlays": 1 });
    expect(await stillSameDocument(flex)).toBe(true);
  });
});
