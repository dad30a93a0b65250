/**
 * Issue #24, updates between calls: Chrome applies a downloaded update only when the extension is
 * idle, which with the TaskRouter socket open it never is. HunkBridge applies it itself at the
 * first moment with no offer, no review and no call, and says so in the popup until then; it comes
 * back as after any restart, with no Flex reload and the same Hunkware tab.
 *
 * The real update path: the sandbox build signed into CRXs as version N, then N+1 and N+2,
 * served with an update.xml over https (driver/self-hosted.ts, packed with `npm run package`'s
 * code) and force-installed by policy; Chromium's own updater finds and downloads each new version
 * (runtime.requestUpdateCheck asks it to check now rather than hours later). Needs root, as the
 * force-install test does.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerWithin } from "../../driver/chromium.ts";
import { finishInFlex, guardProvenInFlex, hunkwareTabs, popLeadInFlex } from "../../driver/flex-actions.ts";
import { eventually, type Harness, sandboxExtensionDir, startHarness } from "../../driver/index.ts";
import { policySuiteOptedOut, requirePolicyWriter } from "../../driver/policy.ts";
import { type SelfHostedRelease, startSelfHostedRelease } from "./support/self-hosted.ts";

const SUITE = "updates between calls, from a self-hosted CRX";

/** The n-th version after `version` that Chrome orders after it ("0.1.0" → "0.1.0.1"). */
function versionAfter(version: string, n: number): string {
  const parts = version.split(".").map(Number);
  if (parts.length < 4) return [...parts, n].join(".");
  return [...parts.slice(0, 3), (parts[3] ?? 0) + n].join(".");
}

describe.skipIf(policySuiteOptedOut(SUITE))(SUITE, () => {
  let work: string;
  let release: SelfHostedRelease;
  let hb: Harness;
  let flex: Page;
  let base: string;
  /** How many versions after `base` have been published: each test publishes its own next one. */
  let published = 0;
  const nextVersion = () => versionAfter(base, ++published);

  beforeAll(async () => {
    requirePolicyWriter(SUITE, "root");
    work = await mkdtemp(join(tmpdir(), "hb-update-"));
    release = await startSelfHostedRelease(work);
    base = (
      JSON.parse(await readFile(join(sandboxExtensionDir(), "manifest.json"), "utf8")) as { version: string }
    ).version;
    await release.publish(sandboxExtensionDir(), base);
    hb = await startHarness({ selfHosted: release });
    flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
    await popup.close();
  }, 90_000);

  afterAll(async () => {
    await hb?.close();
    await release?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  // The worker asked may be the one the update is replacing: it may never answer.
  const runningVersion = async () =>
    answerWithin(
      (await hb.serviceWorker()).evaluate(() => chrome.runtime.getManifest().version),
      2_000,
    );

  /** The version the service worker runs, once it is `version` (a reload replaces the worker). */
  const runs = (version: string) =>
    eventually(runningVersion, (v) => v === version, {
      what: `version ${version} running`,
      timeoutMs: 60_000,
    });

  /**
   * Chromium's updater finds `version` in update.xml and downloads it, as its own timer would (hours
   * apart in Chrome; runtime.requestUpdateCheck asks for the same check now).
   */
  async function chromeChecksForUpdates(version: string): Promise<void> {
    const check = await (await hb.serviceWorker()).evaluate(() => chrome.runtime.requestUpdateCheck());
    expect(check).toEqual({ status: "update_available", version });
  }

  const popLead = (leadId: string, name: string) => popLeadInFlex(hb, flex, leadId, name);

  /**
   * The new version's isolated half, injected after Flex's scripts, got the key its first one left
   * with the service worker, and proves the page half from Flex's load: the guard is "on", not
   * "unproven", and nothing asks the agent to reload Flex.
   */
  async function guardProven(): Promise<void> {
    await guardProvenInFlex(flex, 15_000);
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    expect(await popup.$('[data-testid="hb-transfer-guard"]')).toBeNull();
    await popup.close();
  }

  it("waits through a call and says so, applies the update once the call is over, and comes back without a Flex reload", async () => {
    const current = await runningVersion();
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    const hunkware = await popLead("L-8101", "Mid Call");
    // A mark that only survives if Flex's page is never reloaded.
    await flex.evaluate(() => Object.assign(window, { hbNotReloaded: true }));

    const next = nextVersion();
    await release.publish(sandboxExtensionDir(), next);
    const popup = await hb.openPopup();
    await chromeChecksForUpdates(next);
    const notice = await hb.waitForTestId(popup, "hb-update", /is ready/, 30_000);
    expect(notice).toMatch(
      new RegExp(
        `HunkBridge ${next.replaceAll(".", "\\.")} is ready\\. It is applied after the (review|call)\\.`,
      ),
    );
    // Downloaded, and not applied while the call goes on: the control is the notice itself, shown
    // by the version still running.
    expect(await runningVersion()).toBe(current);

    await finishInFlex(flex);
    await runs(next);
    expect(await flex.evaluate(() => "hbNotReloaded" in window)).toBe(true);
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/, 30_000);
    await guardProven();

    // The next client goes to the same Hunkware tab, from the new version.
    await popLead("L-8102", "After Update");
    expect(await hunkwareTabs(hb.chromium.browser, hb.stack.hunkwareUrl)).toEqual([hunkware]);
    await finishInFlex(flex);
  });

  it("applies an update that arrives between calls at once", async () => {
    const next = nextVersion();
    await flex.evaluate(() => Object.assign(window, { hbNotReloaded: true }));
    await release.publish(sandboxExtensionDir(), next);
    await chromeChecksForUpdates(next);
    await runs(next);
    expect(await flex.evaluate(() => "hbNotReloaded" in window)).toBe(true);
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/, 30_000);
    await guardProven();
    await popLead("L-8103", "Between Calls");
    expect(await hunkwareTabs(hb.chromium.browser, hb.stack.hunkwareUrl)).toHaveLength(1);
    await finishInFlex(flex);
  });
});
