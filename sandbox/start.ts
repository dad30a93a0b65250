/**
 * `npm start`: the extension in its sandbox. Starts the TaskRouter emulator and the fixture Flex
 * and Hunkware pages, opens Chromium with the sandbox build loaded (configured by policy when
 * running as root, else through the options storage), feeds it leads and prints a timeline.
 *
 *   npm start                 one lead now; Enter for another, `i` + Enter for an inbound callback
 *   npm start -- --every 20   a lead every 20 seconds
 *   npm start -- --headless   no window: play a short scenario and save screenshots (the default
 *                             when there is no display)
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { Page } from "puppeteer-core";
import { type Harness, startHarness } from "../driver/index.ts";

const { values: args } = parseArgs({
  options: {
    every: { type: "string" },
    headless: { type: "boolean", default: !process.env.DISPLAY },
    identity: { type: "string" },
  },
});

const startedAt = Date.now();
function timeline(source: string, line: string): void {
  const t = ((Date.now() - startedAt) / 1000).toFixed(3).padStart(8);
  console.log(`[+${t}s] ${source.padEnd(9)} ${line}`);
}

async function main(): Promise<void> {
  const hb = await startHarness({
    headless: args.headless,
    log: (line) => timeline("emulator", line),
    ...(args.identity ? { identity: args.identity } : {}),
  });
  timeline(
    "sandbox",
    `emulator ${hb.stack.emulator.url}, Flex ${hb.stack.flexUrl}, Hunkware ${hb.stack.hunkwareUrl}`,
  );
  timeline("sandbox", `extension ${hb.extensionId} loaded, configured by ${hb.configVia}`);
  const worker = await hb.serviceWorker();
  worker.on("console", (message) => timeline("extension", message.text()));

  const hunkware = await hb.chromium.browser.newPage();
  await hunkware.goto(hb.stack.hunkwareUrl);
  const flex = await hb.openFlex();
  flex.on("console", (message) => timeline("flex", message.text()));
  const popup = await hb.openPopup();
  const connection = await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
  timeline("popup", `connection: ${connection}, activity: ${await hb.waitForTestId(popup, "hb-activity")}`);

  const shutdown = async () => {
    timeline("sandbox", "stopping");
    await hb.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());

  if (args.headless) {
    await playScenario(hb, flex, hunkware, popup);
    await shutdown();
    return;
  }
  await feedLead(hb, "weblead");
  if (args.every) {
    const seconds = Number(args.every);
    if (!Number.isFinite(seconds) || seconds < 1)
      throw new Error(`--every wants a number of seconds, not ${args.every}`);
    setInterval(() => void feedLead(hb, "weblead"), seconds * 1000);
  }
  timeline("sandbox", "Enter: another lead · i + Enter: an inbound callback · Ctrl+C: stop");
  createInterface({ input: process.stdin }).on("line", (line) => {
    void feedLead(hb, line.trim() === "i" ? "inbound" : "weblead");
  });
}

async function feedLead(hb: Harness, kind: "weblead" | "inbound"): Promise<void> {
  try {
    const task = await hb.admin<{ taskSid: string; reservationSid: string }>("POST", "/tasks", {
      identity: hb.stack.identity,
      kind,
    });
    timeline("sandbox", `fed a ${kind}: task ${task.taskSid}, reservation ${task.reservationSid}`);
  } catch (error) {
    timeline(
      "sandbox",
      `could not feed a ${kind}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** With no display: Available, a lead arrives in Flex, the agent accepts it; screenshots on the way. */
async function playScenario(hb: Harness, flex: Page, hunkware: Page, popup: Page): Promise<void> {
  const dir = resolve("sandbox-output");
  await mkdir(dir, { recursive: true });
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    const path = join(dir, `${String(shots.length + 1).padStart(2, "0")}-${name}.png`);
    await page.bringToFront();
    await page.screenshot({ path });
    shots.push(path);
  };
  await shoot(popup, "popup-connected");
  await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
    activity: "Available",
  });
  await hb.waitForTestId(popup, "hb-activity", /^Available$/);
  timeline("sandbox", "agent is Available");
  await feedLead(hb, "weblead");
  await flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
  timeline("flex", "the lead is on the Flex page, waiting to be accepted");
  await shoot(flex, "flex-incoming-lead");
  await flex.click(".Twilio-TaskButton-Accept");
  await flex.waitForSelector('[data-testid="call-transfer"]', { timeout: 15_000 });
  timeline("flex", "accepted: the call canvas is up");
  await shoot(flex, "flex-accepted");
  await shoot(hunkware, "hunkware");
  await shoot(popup, "popup-after-accept");
  timeline("sandbox", `screenshots in ${dir}:\n${shots.map((s) => `    ${s}`).join("\n")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
