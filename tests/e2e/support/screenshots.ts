/**
 * An afterEach hook for e2e files: when a test failed, screenshot the pages it used into
 * test-results/screenshots/, named after the test, and say where.
 */
import type { Page } from "puppeteer-core";
import type { TestContext } from "vitest";
import type { Harness } from "../../../driver/index.ts";

export function screenshotOnFailure(
  harness: () => Harness | undefined,
  pages: () => Array<Page | undefined>,
) {
  return async (context: TestContext) => {
    const hb = harness();
    if (!hb || context.task.result?.state !== "fail") return;
    for (const [index, page] of pages().entries()) {
      if (!page || page.isClosed()) continue;
      // A screenshot must never hang the suite: give up after a few seconds.
      const shot = hb.screenshot(page, `${context.task.name}-${index}`).catch(() => null);
      const path = await Promise.race([shot, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
      if (path) console.error(`screenshot: ${path}`);
    }
  };
}
