/**
 * The harness for one `describe`: started before its first test (startHarness), screenshots of the
 * pages in play when a test fails, closed after its last. `agentInFlex()` builds on it; a file whose
 * set-up differs (no Flex yet, a refused sign-in) uses this alone and opens its pages in its tests.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Harness, type HarnessOptions, startHarness } from "../../../driver/index.ts";
import { screenshotOnFailure } from "./screenshots.ts";

export function harnessFor(
  opts: HarnessOptions = {},
  /** The pages a failing test's screenshots include. */
  pages: () => Array<Page | undefined> = () => [],
): { readonly hb: Harness } {
  let hb: Harness | undefined;
  beforeAll(async () => {
    hb = await startHarness(opts);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => pages(),
    ),
  );
  return {
    get hb() {
      if (!hb) throw new Error("the harness starts in beforeAll: use it inside a test");
      return hb;
    },
  };
}
