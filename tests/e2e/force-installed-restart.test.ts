/**
 * The agent's morning, the way admins deploy HunkBridge: force-installed by policy from a signed,
 * self-hosted CRX (driver/self-hosted.ts, packed with `npm run package`'s code). Chromium restores
 * the pinned Flex at start, and the registered content scripts (persistAcrossSessions) reach it at
 * document_start, before Flex's own: the two halves share their key, and the transfer guard is
 * proven without any reload (issue #23). An extension loaded from the command line, as the other
 * restart tests load it, loses its registration at every start and reaches the restored page late;
 * that page is "unproven" and offers a reload (open-tabs.test.ts).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishInFlex, guardProvenInFlex, popLeadInFlex } from "../../driver/flex-actions.ts";
import { eventually, type Harness, sandboxExtensionDir, startHarness } from "../../driver/index.ts";
import { policySuiteOptedOut, requirePolicyWriter } from "../../driver/policy.ts";
import { type SelfHostedRelease, startSelfHostedRelease } from "./support/self-hosted.ts";

const SUITE = "a force-installed HunkBridge after a browser restart";

describe.skipIf(policySuiteOptedOut(SUITE))(SUITE, () => {
  let work: string;
  let release: SelfHostedRelease;
  let hb: Harness;

  beforeAll(async () => {
    requirePolicyWriter(SUITE, "root");
    work = await mkdtemp(join(tmpdir(), "hb-restart-"));
    release = await startSelfHostedRelease(work);
    const { version } = JSON.parse(await readFile(join(sandboxExtensionDir(), "manifest.json"), "utf8")) as {
      version: string;
    };
    await release.publish(sandboxExtensionDir(), version);
    hb = await startHarness({ selfHosted: release });
  }, 90_000);

  afterAll(async () => {
    await hb?.close();
    await release?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("restores Flex with its scripts there from document_start and the transfer guard proven, without a reload", async () => {
    await guardProvenInFlex(await hb.openFlex());
    await hb.chromium.restart();
    const flex = (await eventually(
      async () => (await hb.chromium.browser.pages()).find((p) => p.url().startsWith(hb.stack.flexUrl)),
      (found) => found !== undefined,
      { what: "the restored Flex tab", timeoutMs: 15_000 },
    )) as Page;
    await guardProvenInFlex(flex, 30_000);
    // Restored, not reloaded; and the overlays claimed the page before it finished loading, so they
    // came from the registration, not from the service worker reaching an open tab later.
    const page = await flex.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const claimed = performance.getEntriesByName("hunkbridge:claimed:flex-overlays")[0];
      return {
        type: nav.type,
        claimedAt: claimed?.startTime ?? null,
        loadedAt: nav.domContentLoadedEventStart,
      };
    });
    expect(page.type).toBe("back_forward");
    expect(page.claimedAt).not.toBeNull();
    expect(page.claimedAt).toBeLessThan(page.loadedAt);
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/, 30_000);
    expect(await popup.$('[data-testid="hb-transfer-guard"]')).toBeNull();
    await popup.close();
    // And the day starts: a lead pops from the restored Flex.
    await hb.admin("POST", `/workers/${encodeURIComponent(hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await popLeadInFlex(hb, flex, "L-8201", "Morning Lead");
    await finishInFlex(flex);
  });
});
