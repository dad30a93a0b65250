/**
 * The set-up most e2e files share, once: the sandbox stack and Chromium with the extension
 * (harnessFor), the agent's Flex open and the popup (in a tab), by default saying Connected,
 * screenshots of the pages in play when a test fails, and everything closed after the file. Call
 * it in a `describe`; its fields are there from the first test on.
 *
 * With `freshDesk: true` each test starts from the same desk, whatever ran before it (tests run
 * shuffled): see resetDesk().
 */
import type { Page } from "puppeteer-core";
import { beforeAll, beforeEach } from "vitest";
import { closeTabsAt, type Harness, type HarnessOptions } from "../../../driver/index.ts";
import { harnessFor } from "./harness-for.ts";

export interface AgentInFlex {
  readonly hb: Harness;
  readonly flex: Page;
  /** The popup's page, left open (a test may close it and open another). */
  readonly popup: Page;
}

export function agentInFlex(
  opts: HarnessOptions & {
    /** Opens Flex at this path and query instead of `/` (`?tokenFormat=jwt`…). */
    flexPath?: string;
    /** Waits for the popup to say Connected before the first test (default); false: the test does. */
    waitConnected?: boolean;
    /** Further pages a failing test's screenshots include (the Hunkware tab in play…). */
    alsoShoot?: () => Array<Page | undefined>;
    /** Before each test, bring the desk back to the start (resetDesk). */
    freshDesk?: boolean;
  } = {},
): AgentInFlex {
  let pages: { flex: Page; popup: Page } | undefined;
  const stack = harnessFor(opts, () => [pages?.flex, pages?.popup, ...(opts.alsoShoot?.() ?? [])]);
  const ready = () => {
    if (!pages) throw new Error("the agent is set up in beforeAll: use it inside a test");
    return pages;
  };
  const flexUrl = () => {
    const { hb } = stack;
    return opts.flexPath === undefined
      ? hb.stack.flexUrl
      : `${hb.stack.flexUrl}/${opts.flexPath.replace(/^\//, "")}`;
  };
  // After harnessFor's own beforeAll: hooks run in the order they were added.
  beforeAll(async () => {
    const { hb } = stack;
    const flex = opts.flexPath === undefined ? await hb.openFlex() : await hb.chromium.browser.newPage();
    if (opts.flexPath !== undefined) await flex.goto(flexUrl());
    const popup = await hb.openPopup();
    if (opts.waitConnected !== false) await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    pages = { flex, popup };
  });
  // A beforeEach, not an afterEach: a failed test's screenshots (harnessFor's afterEach) show the
  // desk as the test left it, and the next test still starts clean.
  if (opts.freshDesk) {
    beforeEach(async () => {
      pages = await resetDesk(stack.hb, ready(), flexUrl());
    });
  }
  return {
    get hb() {
      return stack.hb;
    },
    get flex() {
      return ready().flex;
    },
    get popup() {
      return ready().popup;
    },
  };
}

/**
 * The desk every test of a freshDesk file starts from (on the hand-written Flex fixture): no offer
 * or task anywhere (the emulator's reset withdraws them, so Flex and the extension drop them as
 * they would in TaskRouter), the agent Unavailable, no injected token failure, no Hunkware tab or
 * extra extension page, Flex open at `flexUrl` with no task and HunkBridge's Actions listeners on,
 * and the popup (reopened if a test closed it) Connected with no task in hand. Returns the pages,
 * new ones where a test closed them.
 */
export async function resetDesk(
  hb: Harness,
  pages: { flex: Page; popup: Page },
  flexUrl: string = hb.stack.flexUrl,
): Promise<{ flex: Page; popup: Page }> {
  await hb.admin("POST", "/reset");
  const extensionPages = `chrome-extension://${hb.extensionId}/`;
  await closeTabsAt(hb.chromium.browser, [hb.stack.hunkwareUrl, extensionPages], [pages.popup]);
  let { flex, popup } = pages;
  if (flex.isClosed()) flex = await hb.chromium.browser.newPage();
  if (flex.url() !== new URL(flexUrl).href) await flex.goto(flexUrl, { waitUntil: "domcontentloaded" });
  if (popup.isClosed()) popup = await hb.openPopup();
  await flexSignedInWithNoTask(flex);
  await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 20_000);
  await hb.waitForTestId(popup, "hb-current-task", /^No task in hand\.$/);
  await hb.waitForTestId(popup, "hb-activity", /^Unavailable$/);
  return { flex, popup };
}

/**
 * The fixture Flex signed in with no task, and HunkBridge's listeners on its Actions (a test may
 * stop a transfer or log out at once).
 */
export async function flexSignedInWithNoTask(flex: Page): Promise<void> {
  await flex.waitForFunction(
    () =>
      window.__flexFixture?.state().status === "ready" &&
      window.__flexFixture.state().reservations.length === 0,
    { polling: 100, timeout: 20_000 },
  );
  await flex.waitForFunction(
    () => performance.getEntriesByName("hunkbridge:flex-actions:listening").length > 0,
    { polling: 100, timeout: 15_000 },
  );
}
