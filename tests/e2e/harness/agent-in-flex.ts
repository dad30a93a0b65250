/**
 * The set-up most e2e files share, once: the sandbox stack and Chromium with the extension
 * (harnessFor), the agent's Flex open and the popup (in a tab), by default saying Connected,
 * screenshots of the pages in play when a test fails, and everything closed after the file. Call
 * it in a `describe`; its fields are there from the first test on.
 */
import type { Page } from "puppeteer-core";
import { beforeAll } from "vitest";
import { harnessFor } from "./harness-for.ts";
import type { Harness, HarnessOptions } from "./index.ts";

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
  let pages: { flex: Page; popup: Page } | undefined;
  const stack = harnessFor(opts, () => [pages?.flex, pages?.popup, ...(opts.alsoShoot?.() ?? [])]);
  const ready = () => {
    if (!pages) throw new Error("the agent is set up in beforeAll: use it inside a test");
    return pages;
  };
  // After harnessFor's own beforeAll: hooks run in the order they were added.
  beforeAll(async () => {
    const { hb } = stack;
    const flex = opts.flexPath === undefined ? await hb.openFlex() : await hb.chromium.browser.newPage();
    if (opts.flexPath !== undefined)
      await flex.goto(`${hb.stack.flexUrl}/${opts.flexPath.replace(/^\//, "")}`);
    const popup = await hb.openPopup();
    if (opts.waitConnected !== false) await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    pages = { flex, popup };
  });
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
