/**
 * The set-up most e2e files share, once: the sandbox stack and Chromium with the extension
 * (startHarness), the agent's Flex open and the popup (in a tab), by default saying Connected,
 * screenshots of the pages in play when a test fails, and everything closed after the file. Call
 * it in a `describe`; its fields are there from the first test on.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Harness, type HarnessOptions, startHarness } from "./index.ts";
import { screenshotOnFailure } from "./screenshots.ts";

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
  } = {},
): AgentInFlex {
  let state: AgentInFlex | undefined;
  const ready = (): AgentInFlex => {
    if (!state) throw new Error("the agent is set up in beforeAll: use it inside a test");
    return state;
  };
  beforeAll(async () => {
    const hb = await startHarness(opts);
    const flex = opts.flexPath === undefined ? await hb.openFlex() : await hb.chromium.browser.newPage();
    if (opts.flexPath !== undefined)
      await flex.goto(`${hb.stack.flexUrl}/${opts.flexPath.replace(/^\//, "")}`);
    const popup = await hb.openPopup();
    if (opts.waitConnected !== false) await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    state = { hb, flex, popup };
  });
  afterAll(async () => state?.hb.close());
  afterEach(
    screenshotOnFailure(
      () => state?.hb,
      () => [state?.flex, state?.popup, ...(opts.alsoShoot?.() ?? [])],
    ),
  );
  return {
    get hb() {
      return ready().hb;
    },
    get flex() {
      return ready().flex;
    },
    get popup() {
      return ready().popup;
    },
  };
}
