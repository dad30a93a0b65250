/**
 * Speed to lead (issue #16 §1) against the emulator: each task's timeline in the popup's history,
 * the day's figures and chart, "Export today" as a real downloaded CSV file, and today's timings
 * kept across a browser restart, without client data on disk, dropped when another agent signs in
 * and when the stored day is over.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seriousViolations } from "../../driver/axe.ts";
import { acceptInFlexAndReturn, createTask, finishInFlex } from "../../driver/flex-actions.ts";
import { eventually, type Harness, startHarness } from "../../driver/index.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

const GRACE = "grace.hopper@chhj.com";
const CLIENT = { name: "Margaret Hamilton", phone: "+16175550123" };
/** A lead id a spreadsheet would run as a formula: the CSV must defuse it. */
const FORMULA_LEAD = '=HYPERLINK("http://evil.example","x")';

describe("speed to lead: timeline, day figures, chart, CSV export, kept for the day", () => {
  // A browser, an emulator and a day of their own for each test: the day's timings are the
  // browser's (storage.local), and each test counts them from zero, in any order.
  let hb: Harness | undefined;
  let flex: Page;
  let popup: Page;
  let downloads: string | undefined;

  beforeEach(async () => {
    // Restarted in some tests with its tabs, as an agent's browser is every morning. A short
    // review, so the dial comes quickly; a long accept window for the offer that is accepted.
    hb = await startHarness({ loadAtStartup: true, config: { acceptWindowSeconds: 30, reviewSeconds: 2 } });
    flex = await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  const shoot = screenshotOnFailure(
    () => hb,
    () => [popup, flex],
  );
  afterEach(async (context) => {
    await shoot(context); // the failed test's pages, before they go
    await hb?.close();
    hb = undefined;
    if (downloads) await rm(downloads, { recursive: true, force: true });
    downloads = undefined;
  });

  const started = () => {
    if (!hb) throw new Error("the harness starts in beforeEach");
    return hb;
  };
  const text = (page: Page, selector: string) =>
    page.$eval(selector, (el) => el.textContent ?? "").catch(() => null);
  const storedTimings = async () =>
    JSON.stringify(
      await (await started().serviceWorker()).evaluate(() => chrome.storage.local.get("leadTimings")),
    );
  /** The tab the restarted browser restored at that URL. */
  const pageAt = async (url: string) => {
    const target = await started().chromium.browser.waitForTarget(
      (t) => t.type() === "page" && t.url().startsWith(url),
      { timeout: 15_000 },
    );
    const page = await target.page();
    if (!page) throw new Error(`no page for the tab at ${url}`);
    return page;
  };

  /** A web lead submitted 90 s ago, accepted, dialed after the 2 s review, and finished. */
  async function workTheLead(): Promise<void> {
    const hb = started();
    await createTask(hb, "weblead", {
      attributes: {
        lead_id: "L-9001",
        ...CLIENT,
        lead_created_at: new Date(Date.now() - 90_000).toISOString(),
      },
      timeoutSeconds: 30,
    });
    await acceptInFlexAndReturn(hb, flex);
    await popup.bringToFront();
    // The 2 s review is over: Twilio dials.
    await hb.waitForTestId(popup, "hb-current-task", /On the call/);
    await finishInFlex(flex);
    await popup.bringToFront();
  }

  /** An offer (its lead id a spreadsheet formula) left to time out. */
  async function missAnOffer(): Promise<void> {
    await createTask(started(), "weblead", { attributes: { lead_id: FORMULA_LEAD }, timeoutSeconds: 1.5 });
    await popup.bringToFront();
    await popup.waitForSelector('[data-testid="hb-history"] li[data-outcome="missed"]', { timeout: 15_000 });
  }

  /** The day the figures, the chart and the export are about: the lead worked, then an offer missed. */
  async function workTheDay(): Promise<void> {
    await workTheLead();
    await missAnOffer();
    await started().waitForTestId(popup, "hb-day-figures", /Missed1/);
  }

  it("shows each step of a web lead's timeline in the history, from its submission to the call's end", async () => {
    await workTheLead();
    const timeline = await started().waitForTestId(popup, "hb-task-timeline", /call/);
    expect(timeline).toMatch(/^lead to offer 1 min (29|3[01]) s/);
    expect(timeline).toMatch(/accepted in \d+\.\d s/);
    expect(timeline).toContain("review 2.0 s");
    expect(timeline).toMatch(/call \d+\.\d s$/);
  });

  it("shows a missed offer as missed, with how long it waited", async () => {
    await missAnOffer();
    const missed = await text(popup, '[data-testid="hb-history"] li[data-outcome="missed"]');
    expect(missed).toContain("Missed");
    expect(missed).toMatch(/missed after \d+\.\d s/);
    expect(missed).not.toContain("accepted in");
  });

  it("sums up the day: offers, accepted, missed, spreads and a chart with a text alternative", async () => {
    await workTheDay();
    const figures = await started().waitForTestId(popup, "hb-day-figures", /Missed1/);
    const field = (name: string) => text(popup, `[data-testid="hb-day-figures"] [data-field="${name}"]`);
    expect([await field("offers"), await field("accepted"), await field("missed")]).toEqual(["2", "1", "1"]);
    expect(await field("offer-to-accept")).toMatch(/^median \d+\.\d s · p90 \d+\.\d s$/);
    expect(await field("lead-to-dial")).toMatch(/^median 1 min \d\d s · p90 1 min \d\d s$/);
    expect(figures).not.toContain(CLIENT.name);

    const chart = await popup.$eval('[data-testid="hb-day-chart"] svg', (svg) => ({
      role: svg.getAttribute("role"),
      label: svg.getAttribute("aria-label"),
      dots: svg.querySelectorAll("circle.accepted").length,
      crosses: svg.querySelectorAll("path.missed").length,
    }));
    expect(chart).toMatchObject({ role: "img", dots: 1, crosses: 1 });
    expect(chart.label).toMatch(
      /^Offer to accept today, 1 accepted offer from .+: median \d+\.\d s, .+; 1 missed offer\.$/,
    );
    expect(await seriousViolations(popup)).toEqual([]);
  });

  it("exports today as a CSV file: one row per task, no client name or phone, formulas defused", async () => {
    await workTheDay();
    downloads = await mkdtemp(join(tmpdir(), "hb-stl-downloads-"));
    const cdp = await started().chromium.browser.target().createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
    await popup.click('[data-testid="hb-export-today"]');
    const file = await waitForDownload(downloads);
    expect(file).toMatch(/^hunkbridge-speed-to-lead-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(join(downloads, file), "utf8");
    const lines = csv.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(4); // the header, two tasks, the last line's end
    expect(lines[0]).toBe(
      '"task_sid","reservation_sid","lead_id","origin","outcome","lead_time_source","lead_submitted","offered","accepted","dialed","ended","lead_to_offer_s","offer_to_accept_s","review_s","lead_to_dial_s","call_s","agent"',
    );
    expect(lines[1]).toMatch(
      /^"WT\w{32}","WR\w{32}","L-9001","weblead","completed","lead_created_at",("\d{4}-\d\d-\d\d \d\d:\d\d:\d\d",){5}"(89|9\d)\.\d","\d+\.\d","2\.0","\d+\.\d","\d+\.\d","ada\.lovelace@chhj\.com"$/,
    );
    // Every row names the agent, so a team lead can merge several agents' files.
    expect(lines[2]?.endsWith(`,"${started().stack.identity}"`)).toBe(true);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")","weblead","missed","task"`);
    expect(csv).not.toContain(CLIENT.name);
    expect(csv).not.toMatch(/617555|@example\.com/); // both tasks' phones and emails
  });

  it("keeps today's figures across a browser restart, with no client name or phone on disk", async () => {
    await workTheDay();
    const hb = started();
    await hb.chromium.restart();
    flex = await pageAt(hb.stack.flexUrl);
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
    await hb.waitForTestId(popup, "hb-day-figures", /Offers2/);
    // The session's history (names) went with the browser session; the day's timings did not.
    expect(await popup.$('[data-testid="hb-history"]')).toBeNull();
    expect(await popup.$('[data-testid="hb-day-chart"] circle.accepted')).not.toBeNull();
    const stored = await storedTimings();
    expect(stored).toContain("L-9001");
    expect(stored).not.toContain(CLIENT.name);
    expect(stored).not.toContain("6175550123");
  });

  it("drops them when another agent signs in to Flex", async () => {
    await workTheLead();
    const hb = started();
    // What is to go is there first.
    await hb.waitForTestId(popup, "hb-day-figures", /Offers1/);
    expect(await storedTimings()).toContain("L-9001");
    await flex.goto(`${hb.stack.flexUrl}/?identity=${encodeURIComponent(GRACE)}`);
    await popup.bringToFront();
    await popup.waitForFunction(
      (who: string) => document.body.textContent?.includes(`Signed in as ${who}`),
      { polling: 100, timeout: 15_000 },
      GRACE,
    );
    await hb.waitForTestId(popup, "hb-speed-to-lead", /No offers yet today\./);
    expect(await storedTimings()).not.toContain("L-9001");
  });

  it("drops a stored day that is over at the next start", async () => {
    const hb = started();
    // Yesterday's record of the agent signed in now, as a browser left open overnight would find it.
    await (await hb.serviceWorker()).evaluate(async (agent: string) => {
      const start = new Date();
      start.setHours(0, 0, 0, 0);
      const yesterday = new Date(start);
      yesterday.setDate(start.getDate() - 1);
      const at = yesterday.getTime() + 10 * 3_600_000;
      const task = {
        reservationSid: `WR${"0".repeat(32)}`,
        taskSid: `WT${"0".repeat(32)}`,
        origin: "weblead",
        leadId: "L-YESTERDAY",
        leadAtMs: at,
        leadSource: "task",
        offeredAtMs: at,
        acceptedAtMs: at + 2_000,
        dialedAtMs: null,
        endedAtMs: null,
        outcome: "accepted",
      };
      await chrome.storage.local.set({
        leadTimings: { agent, day: { startMs: yesterday.getTime(), endMs: start.getTime(), tasks: [task] } },
      });
    }, hb.stack.identity);
    // The record is in place for the next start to find.
    expect(await storedTimings()).toContain("L-YESTERDAY");
    await hb.chromium.restart();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
    await hb.waitForTestId(popup, "hb-speed-to-lead", /No offers yet today\./);
    expect(await storedTimings()).not.toContain("L-YESTERDAY");
  });
});

/** The one finished file in the directory (Chrome writes a .crdownload first). */
async function waitForDownload(dir: string): Promise<string> {
  const files = await eventually(
    () => readdir(dir),
    (names) => names.length === 1 && !names[0]?.endsWith(".crdownload"),
    { what: `one finished download in ${dir}` },
  );
  return files[0] ?? "";
}
