/**
 * What the Flex overlays cost Flex: the content script's start-up time, and the extra main-thread
 * work per Flex re-render (its MutationObserver pass), against the same fixture page without the
 * extension in the same run. Prints figures; asserts nothing.
 *
 *   npx tsx bench/flex-overlay.ts                       builds the sandbox extension to a temp dir
 *   HB_EXTENSION_DIR=/tmp/hb-flex npx tsx bench/flex-overlay.ts   uses that build
 *   BENCH_RERENDERS=500 BENCH_ROUNDS=5 …                more samples
 *
 * Scenario: a weblead call in hand (call canvas, transfer guard on, actions menu and dialer open),
 * both pages showing it through the same agent's worker. Each round runs N `__flexFixture.rerender()`
 * calls in each page, each awaited to a macrotask so Preact's render and every observer callback
 * (microtasks) are inside the measurement; CDP's ScriptDuration counts the JavaScript time of all
 * worlds (the page and the extension's isolated world).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type CDPSession, type Page } from "puppeteer-core";
import { buildExtension } from "./build-extension.ts";

const RERENDERS = Number(process.env.BENCH_RERENDERS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Sample {
  wallMsPerRerender: number;
  scriptMsPerRerender: number;
}

const sessions = new WeakMap<Page, CDPSession>();

/** JavaScript time of the page's main thread so far (all worlds), from CDP's Performance domain. */
async function scriptSeconds(page: Page): Promise<number> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.createCDPSession();
    await session.send("Performance.enable");
    sessions.set(page, session);
  }
  const { metrics } = await session.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "ScriptDuration")?.value ?? 0;
}

/**
 * Loads the Flex page in a fresh tab and returns its script time until the fixture is ready: with
 * the extension this includes parsing and running every content script.
 */
async function loadCost(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await scriptSeconds(page);
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => window.__flexFixture?.state().status === "ready", { timeout: 20_000 });
    return (await scriptSeconds(page)) * 1000;
  } finally {
    await page.close();
  }
}

async function measure(page: Page, n: number): Promise<Sample> {
  await page.bringToFront();
  await page.waitForFunction(() => document.visibilityState === "visible", { polling: 100, timeout: 10_000 });
  const before = await scriptSeconds(page);
  const wallMs = await page.evaluate(async (count: number) => {
    const fixture = window.__flexFixture;
    if (!fixture) throw new Error("not the Flex fixture");
    let total = 0;
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      fixture.rerender();
      // A macrotask that background-tab timer throttling doesn't stretch.
      await new Promise((r) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = r;
        channel.port2.postMessage(0);
      });
      total += performance.now() - t0;
    }
    return total;
  }, n);
  const after = await scriptSeconds(page);
  return { wallMsPerRerender: wallMs / n, scriptMsPerRerender: ((after - before) * 1000) / n };
}

async function prepare(page: Page): Promise<void> {
  await page.bringToFront(); // the screen-pop opens a Hunkware tab in front of Flex
  await page.waitForFunction(() => window.__flexFixture?.state().status === "ready", { timeout: 20_000 });
  await page.waitForSelector('[data-testid="call-transfer"]', { timeout: 15_000 });
  if (!(await page.$('[data-testid="task-transfer-button"]')))
    await page.click('[data-testid="task-actions-menu-toggle"]');
  const dialerInput = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
  if (!(await page.$(dialerInput))) await page.click('[data-testid="outbound-dialpad"]');
  await page.waitForSelector(dialerInput);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f = (x: number, digits = 3) => x.toFixed(digits);

async function main(): Promise<void> {
  const build = buildExtension();
  process.env.HB_EXTENSION_DIR = build.dir;
  const { startHarness } = await import("../driver/index.ts");
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import("../driver/chromium.ts");
  const hb = await startHarness({ via: "options", config: { reviewSeconds: 1 } });
  const plainProfile = mkdtempSync(join(tmpdir(), "hb-bench-plain-"));
  const plain = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
    userDataDir: plainProfile,
    args: CHROMIUM_ARGS,
  });
  try {
    // Start-up: the content script's own synchronous start, from the page's timeline.
    const withExt = await hb.openFlex();
    await withExt.waitForFunction(
      () => performance.getEntriesByName("hunkbridge:flex-overlays:start").length > 0,
      {
        timeout: 10_000,
      },
    );
    const startup = await withExt.evaluate(() =>
      performance
        .getEntriesByName("hunkbridge:flex-overlays:start")
        .map((e) => ({ at: e.startTime, ms: e.duration })),
    );
    const loadBase: number[] = [];
    const loadExt: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      loadBase.push(await loadCost(plain, hb.stack.flexUrl));
      loadExt.push(await loadCost(hb.chromium.browser, hb.stack.flexUrl));
    }
    const withoutExt = await plain.newPage();
    await withoutExt.goto(hb.stack.flexUrl, { waitUntil: "domcontentloaded" });

    await withExt.waitForFunction(() => window.__flexFixture?.state().status === "ready", {
      timeout: 20_000,
    });
    await hb.admin("POST", "/tasks", { identity: hb.stack.identity, kind: "weblead" });
    await withExt.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
    // The accept opens a Hunkware tab in front (screen-pop): wait for it, then Flex to the front.
    const screenPop = hb.chromium.browser
      .waitForTarget((t) => t.type() === "page" && t.url().startsWith(hb.stack.hunkwareUrl), {
        timeout: 5_000,
      })
      .catch(() => null);
    await withExt.click(".Twilio-TaskButton-Accept");
    await screenPop;
    await prepare(withExt);
    await prepare(withoutExt);
    await hb.waitForTestId(withExt, "hb-transfer-blocked");
    await hb.waitForTestId(withExt, "hb-dial-countdown", /^Dialing…$/);
    const nodes = await withExt.evaluate(() => document.getElementsByTagName("*").length);

    // Warm-up, then alternate the pages so drift affects both alike.
    await measure(withoutExt, 30);
    await measure(withExt, 30);
    const base: Sample[] = [];
    const ext: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      base.push(await measure(withoutExt, RERENDERS));
      ext.push(await measure(withExt, RERENDERS));
    }
    const guardHeld = await withExt.evaluate(
      () =>
        [
          ...document.querySelectorAll('[data-testid="call-transfer"], [data-testid="task-transfer-button"]'),
        ].every((el) => el.getAttribute("aria-disabled") === "true") &&
        document.querySelectorAll('[data-testid="hb-transfer-blocked"]').length === 1,
    );

    const row = (name: string, samples: Sample[]) => ({
      page: name,
      "wall ms/re-render (median)": f(median(samples.map((s) => s.wallMsPerRerender))),
      "script ms/re-render (median)": f(median(samples.map((s) => s.scriptMsPerRerender))),
    });
    console.log(
      `\nFlex overlay benchmark: ${ROUNDS} rounds × ${RERENDERS} re-renders, ${nodes} DOM nodes, Chromium headless`,
    );
    console.log(
      `content script start-up (synchronous, to first apply): ${startup.map((s) => `${f(s.ms)} ms at ${f(s.at, 1)} ms after navigation`).join(", ") || "not recorded"}`,
    );
    console.log(
      `page load script time until Flex is ready (median of ${ROUNDS}): ${f(median(loadBase), 1)} ms without, ` +
        `${f(median(loadExt), 1)} ms with the extension (+${f(median(loadExt) - median(loadBase), 1)} ms, all content scripts)`,
    );
    console.table([row("without extension", base), row("with extension", ext)]);
    const dWall = median(ext.map((s) => s.wallMsPerRerender)) - median(base.map((s) => s.wallMsPerRerender));
    const dScript =
      median(ext.map((s) => s.scriptMsPerRerender)) - median(base.map((s) => s.scriptMsPerRerender));
    console.log(
      `overlay cost per Flex re-render: ${f(dWall)} ms wall, ${f(dScript)} ms script (extension − baseline)`,
    );
    console.log(`guard still held after ${ROUNDS * RERENDERS + 30} re-renders: ${guardHeld}`);
  } finally {
    await plain.close().catch(() => {});
    rmSync(plainProfile, { recursive: true, force: true });
    await hb.close();
    build.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
