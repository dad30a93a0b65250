/**
 * A browser start does not wait for Chrome's policy (which answers seconds after start): the
 * service worker signs the agent in with the configuration it last used, and the policy follows.
 * Here the admin changes the policy while the browser is closed; after the next start the agent is
 * connected in the restored Flex tab and the new policy is what the screen-pop uses.
 */
import type { Page } from "puppeteer-core";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex, waitForHunkwareTab } from "../../driver/flex-actions.ts";
import { eventually } from "../../driver/index.ts";
import { policySuiteOptedOut, requirePolicyWriter } from "../../driver/policy.ts";
import { harnessFor } from "./support/harness-for.ts";

const SUITE = "a policy changed while the browser was closed";

// Needs root: without it the suite fails and says so (HB_SKIP_POLICY_TESTS=1 skips it, loudly).
describe.skipIf(policySuiteOptedOut(SUITE))(SUITE, () => {
  let flex: Page | undefined;
  // Before the harness's own beforeAll, which would otherwise fail writing the policy file.
  beforeAll(() => requirePolicyWriter(SUITE));
  const stack = harnessFor({ via: "policy", loadAtStartup: true }, () => [flex]);

  it("is in force after the next start, with the agent signed in in the restored Flex tab", async () => {
    const { hb } = stack;
    flex = await hb.openFlex();
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected/, 20_000);
    const snapshot = () =>
      hb
        .serviceWorker()
        .then((worker) =>
          worker.evaluate(async () => (await chrome.storage.local.get("configSnapshot")).configSnapshot),
        );
    expect(await snapshot()).toMatchObject({ leadPath: "/leads/{lead_id}" });

    await hb.chromium.restart(async () => {
      if (!hb.policy) throw new Error("this run has no policy file");
      await hb.policy.update({ ...hb.config, leadPath: "/v3/leads/{lead_id}" });
    });
    // The restarted browser restores the Flex tab.
    const restored = await hb.chromium.browser.waitForTarget(
      (t) => t.type() === "page" && t.url().startsWith(hb.stack.flexUrl),
      { timeout: 15_000 },
    );
    flex = (await restored.page()) ?? undefined;
    if (!flex) throw new Error("Chromium restored the Flex tab without a page");
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected/, 30_000);
    // (puppeteer-core 24, for Node 20, has no WebWorker.waitForFunction.)
    await eventually(
      snapshot,
      (s) => (s as { leadPath?: string } | undefined)?.leadPath === "/v3/leads/{lead_id}",
      {
        what: "the new policy in the configuration snapshot",
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );

    await createTask(hb, "weblead", { attributes: { lead_id: "L-7001", name: "Overnight Policy" } });
    await acceptInFlex(flex);
    const hunkware = await waitForHunkwareTab(
      hb.chromium.browser,
      hb.stack.hunkwareUrl,
      /\/v3\/leads\/L-7001$/,
    );
    await hb.waitForTestId(hunkware, "hb-client-card", /Overnight Policy/);
    await finishInFlex(flex);
  });
});
