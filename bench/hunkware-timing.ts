/**
 * What the screen-pop benchmarks share: the fixture Hunkware page's own timing marks, pointing the
 * extension at a Hunkware base URL, and percentiles as the figures are printed.
 */
import type { Page } from "puppeteer-core";
import type { Harness } from "../driver/index.ts";

/** When the fixture page first saw its heading, the extension's card, or its form usable. */
export async function seenAt(page: Page, mark: "heading" | "card" | "usable"): Promise<number> {
  const handle = await page.waitForFunction(
    (m: string) =>
      (window as unknown as { __hunkwareTimes?: Record<string, number> }).__hunkwareTimes?.[m] ?? false,
    { timeout: 15_000, polling: 20 },
    mark,
  );
  return (await handle.jsonValue()) as number;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

/** Sets options as the options page saves them, and gives the change a moment to apply. */
export async function setOptions(hb: Harness, patch: Record<string, unknown>): Promise<void> {
  await hb.setOptions(patch);
  await new Promise((r) => setTimeout(r, 1000));
}
