/**
 * Accessibility checks with axe-core in the page (the engine @axe-core/puppeteer injects too; used
 * directly because that package's peer dependency would pull the full puppeteer, and its browser
 * download, into a project that drives the system Chromium with puppeteer-core).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "puppeteer-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * The serious and critical violations on the page, or in the elements `include` matches (our own
 * overlays on Flex's and Hunkware's pages, which are not ours to fix).
 */
export async function seriousViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (selector: string | null) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe;
    const context = selector ? { include: [...document.querySelectorAll(selector)] } : document;
    const result = (await axe.run(context, { resultTypes: ["violations"] })) as {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[] }>;
      }>;
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  }, include ?? null);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
