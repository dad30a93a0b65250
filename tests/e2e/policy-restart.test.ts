/**
 * A browser start does not wait for Chrome's policy (which answers seconds after start): the
 * service worker signs the agent in with the configuration it last used, and the policy follows.
 * Here the admin changes the policy while the browser is closed; after the next start the agent is
 * connected in the restored Flex tab and the new policy is what the screen-pop uses.
 */
import type { Page } from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex, waitForHunkwareTab } from "./harness/flex-actions.ts";
import { harnessFor } from "./harness/harness-for.ts";
import { canWritePolicy } from "./harness/policy.ts";

describe.runIf(canWritePolicy())("a policy changed while the browser was closed", () => {
  let flex: Page | undefined;
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
    const deadline = Date.now() + 15_000;
    while (!flex || flex.isClosed() || !flex.url().startsWith(hb.stack.flexUrl)) {
      flex = (await hb.chromium.browser.pages()).find((p) => p.url().startsWith(hb.stack.flexUrl));
      if (Date.now() > deadline) throw new Error("Chromium did not restore the Flex tab");
      await new Promise((r) => setTimeout(r, 100));
    }
    await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected/, 30_000);
    await (await hb.serviceWorker()).waitForFunction(
      async () =>
        (
          (await chrome.storage.local.get("configSnapshot")).configSnapshot as
            | { leadPath?: string }
            | undefined
        )?.leadPath === "/v3/leads/{lead_id}",
      { timeout: 30_000, polling: 200 },
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
