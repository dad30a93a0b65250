/**
 * Screen-pop latency: from TaskRouter's `accepted` (the emulator pushing reservation.accepted to
 * the extension's socket) to the client card visible in Hunkware, over N leads, for a reused tab
 * and for a new tab, each beside its baseline measured in the same run: the same accept in Flex,
 * with the extension signed out and its Hunkware script unregistered (no extension work), and
 * Chromium navigating the same tab (or opening a new one) to the same URL the moment the accept
 * happens. Both sides pay for Flex's own work on the accept, so the difference is ours. Also the
 * service worker's JS heap before and after the leads. Prints figures; asserts nothing.
 *
 *   npx tsx bench/screen-pop.ts          (BENCH_LEADS=30 by default; HB_EXTENSION_DIR to reuse a build)
 *
 * "Visible" is when the fixture page's own timing marks (a MutationObserver that runs first thing
 * in the page) first see the card with a client name, or for the baseline the page's lead heading;
 * both are wall-clock times, as is the emulator's accept, on the same machine clock.
 *
 * Each runs twice: on the tiny Hunkware pages, and on the realistic Hunkware under /app/ (issue
 * #11 §1: 400 ms before the first byte, 300 kB of scripts before the form is usable), where the
 * page's own "usable" mark is measured too.
 */
import type { WebWorker } from "puppeteer-core";
import {
  acceptInFlex,
  createTask,
  finishInFlex,
  hunkwareTabs,
  waitForHunkwareTab,
} from "../driver/flex-actions.ts";
import { type Harness, startHarness } from "../driver/index.ts";
import { buildExtension } from "./build-extension.ts";
import { fmt, percentile, seenAt, setOptions } from "./hunkware-timing.ts";

const LEADS = Number(process.env.BENCH_LEADS ?? 30);

/** The tiny Hunkware pages, and the realistic one under /app/ (sandbox/fixtures/hunkware/realistic.ts). */
type Site = { name: string; path: string; usable: boolean };
const SITES: Site[] = [
  { name: "tiny", path: "", usable: false },
  { name: "realistic", path: "/app", usable: true },
];
/** ms from `accepted`: the card (or the baseline's heading), and the page usable (realistic only). */
type Times = { shown: number; usable: number | null };

async function heapKb(worker: WebWorker): Promise<number> {
  await worker.client.send("HeapProfiler.collectGarbage").catch(() => {});
  const { usedSize } = (await worker.client.send("Runtime.getHeapUsage")) as { usedSize: number };
  return usedSize / 1024;
}

/**
 * Runs `body` with no extension work on a screen-pop: the agent's connection signed out (no
 * tokenUrl in the options) and the Hunkware script unregistered; both restored afterwards.
 */
async function withoutExtensionWork<T>(hb: Harness, body: () => Promise<T>): Promise<T> {
  const worker = await hb.serviceWorker();
  const saved = await worker.evaluate(async () => {
    const [script] = await chrome.scripting.getRegisteredContentScripts({ ids: ["hunkware-card"] });
    if (!script) throw new Error("the Hunkware content script is not registered");
    const { options } = (await chrome.storage.local.get("options")) as { options: Record<string, unknown> };
    await chrome.storage.local.set({ options: { ...options, tokenUrl: null } });
    // The configuration change re-registers every script; take the Hunkware one away after it.
    await new Promise((r) => setTimeout(r, 500));
    await chrome.scripting.unregisterContentScripts({ ids: ["hunkware-card"] });
    return { options };
  });
  try {
    return await body();
  } finally {
    await worker.evaluate(({ options }) => chrome.storage.local.set({ options }), saved);
    await hb.waitForTestId(await hb.openPopup(), "hb-connection", /^Connected$/);
  }
}

async function main(): Promise<void> {
  const build = buildExtension();
  process.env.HB_EXTENSION_DIR = build.dir;
  const acceptedAt = new Map<string, number>();
  let onAccepted: () => void = () => {};
  const hb = await startHarness({
    via: "options",
    log: (line) => {
      const m = /^reservation (WR\w+) accepted/.exec(line);
      if (m?.[1]) {
        acceptedAt.set(m[1], Date.now());
        onAccepted();
      }
    },
  });
  try {
    const { browser } = hb.chromium;
    const flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await popup.close();
    const worker = await hb.serviceWorker();
    const heapBefore = await heapKb(worker);

    let site: Site = SITES[0] as Site;
    const screenPop = async (i: number, newTab: boolean): Promise<Times> => {
      if (newTab) for (const tab of await hunkwareTabs(browser, hb.stack.hunkwareUrl)) await tab.close();
      const leadId = `L-${site.name}B${newTab ? "N" : "R"}${i}`;
      const { reservationSid } = await createTask(hb, "weblead", {
        attributes: { lead_id: leadId, name: `Bench ${i}` },
      });
      await acceptInFlex(flex);
      const tab = await waitForHunkwareTab(
        browser,
        hb.stack.hunkwareUrl,
        new RegExp(`:\\d+${site.path}/leads/${leadId}$`),
      );
      const shown = await seenAt(tab, "card");
      const usable = site.usable ? await seenAt(tab, "usable") : null;
      await finishInFlex(flex);
      const start = acceptedAt.get(reservationSid);
      if (start === undefined) throw new Error(`no accepted time for ${reservationSid}`);
      return { shown: shown - start, usable: usable === null ? null : usable - start };
    };

    // The baseline's navigation starts the moment the emulator says "accepted", as ours does.
    const baseline = async (i: number, newTab: boolean): Promise<Times> => {
      const leadId = `L-${site.name}BASE${newTab ? "N" : "R"}${i}`;
      const url = `${hb.stack.hunkwareUrl}${site.path}/leads/${leadId}`;
      if (newTab) for (const tab of await hunkwareTabs(browser, hb.stack.hunkwareUrl)) await tab.close();
      const reused = newTab ? null : ((await hunkwareTabs(browser, hb.stack.hunkwareUrl))[0] ?? null);
      const { reservationSid } = await createTask(hb, "weblead", { attributes: { lead_id: leadId } });
      const navigated = new Promise<void>((resolve, reject) => {
        onAccepted = () => {
          onAccepted = () => {};
          const go = reused
            ? reused.goto(url, { waitUntil: "domcontentloaded" }).then(() => {})
            : worker.evaluate(
                (u: string) => chrome.tabs.create({ url: u, active: true }).then(() => {}),
                url,
              );
          go.then(resolve, reject);
        };
      });
      await acceptInFlex(flex);
      await navigated;
      const tab = await waitForHunkwareTab(browser, hb.stack.hunkwareUrl, new RegExp(`/leads/${leadId}$`));
      const shown = await seenAt(tab, "heading");
      const usable = site.usable ? await seenAt(tab, "usable") : null;
      await finishInFlex(flex);
      const start = acceptedAt.get(reservationSid);
      if (start === undefined) throw new Error(`no accepted time for ${reservationSid}`);
      return { shown: shown - start, usable: usable === null ? null : usable - start };
    };

    const results: Array<{ name: string; pops: Times[]; base: Times[] }> = [];
    for (const next of SITES) {
      site = next;
      // The screen-pop alone, as before the offer window was used: bench/offer-prefetch.ts has that.
      await setOptions(hb, { hunkwareUrl: `${hb.stack.hunkwareUrl}${site.path}`, prefetchOnOffer: false });
      for (const newTab of [false, true]) {
        // Warm-up, not counted: the first navigation pays for process start-up.
        await screenPop(-1, newTab);
        const pops: Times[] = [];
        for (let i = 0; i < LEADS; i++) pops.push(await screenPop(i, newTab));
        const base = await withoutExtensionWork(hb, async () => {
          const times: Times[] = [];
          for (let i = 0; i < LEADS; i++) times.push(await baseline(i + (newTab ? 1000 : 0), newTab));
          return times;
        });
        results.push({ name: `${site.name}, ${newTab ? "new tab" : "reused tab"}`, pops, base });
      }
    }
    const heapAfter = await heapKb(worker);

    console.log(`\nScreen-pop latency from accepted (${LEADS} leads each): ours beside a bare navigation`);
    console.log(
      `${"".padEnd(32)} ${"p50".padStart(10)} ${"p95".padStart(10)}   baseline p50   baseline p95   overhead p50   overhead p95`,
    );
    const row = (name: string, ours: number[], base: number[]) => {
      const [p50, p95, b50, b95] = [
        percentile(ours, 50),
        percentile(ours, 95),
        percentile(base, 50),
        percentile(base, 95),
      ];
      console.log(
        `${name.padEnd(32)} ${fmt(p50)} ${fmt(p95)}   ${fmt(b50)}     ${fmt(b95)}     ${fmt(p50 - b50)}     ${fmt(p95 - b95)}`,
      );
    };
    for (const { name, pops, base } of results) {
      row(
        `${name}: card`,
        pops.map((t) => t.shown),
        base.map((t) => t.shown),
      );
      const usable = (times: Times[]) => times.flatMap((t) => (t.usable === null ? [] : [t.usable]));
      if (usable(pops).length > 0) row(`${name}: usable`, usable(pops), usable(base));
    }
    console.log("(baseline: the lead's heading, or the page usable; card: HunkBridge's client card)");
    console.log("(target: p95 overhead ≤ 50 ms for a reused tab)");
    console.log(
      `\nService worker JS heap after GC: ${heapBefore.toFixed(0)} kB connected and idle, ${heapAfter.toFixed(0)} kB after ${2 * (LEADS + 1)} leads`,
    );
  } finally {
    await hb.close();
    build.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
