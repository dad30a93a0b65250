/**
 * A second agent on the same browser: Ada signs out of Flex and Grace signs in, in the same tab.
 * The extension follows Grace at once (not at the next token refresh, an hour later), and nothing
 * of Ada's (her missed offer, her Offline flag, her history) is shown to Grace.
 */
import { describe, expect, it } from "vitest";
import { createTask } from "../../driver/flex-actions.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";

const GRACE = "grace.hopper@chhj.com";

describe("a second agent signs in to Flex in the same browser", () => {
  const agent = agentInFlex();

  const text = () => agent.popup.evaluate(() => document.body.textContent ?? "");

  it("follows the new agent at once and shows nothing of the previous one", async () => {
    // Ada misses an offer: she is Offline, with the miss in her history.
    await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/activity`, {
      activity: "Available",
    });
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Available$/);
    await createTask(agent.hb, "weblead", {
      timeoutSeconds: 1.5,
      attributes: { lead_id: "L-4001", name: "Ada's Lead" },
    });
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Offline$/);
    await agent.popup.waitForSelector('[data-testid="hb-history"] li[data-outcome="missed"]');
    expect(await text()).toContain(`Signed in as ${agent.hb.stack.identity}`);

    // Grace signs in to Flex in the same tab.
    await agent.flex.goto(`${agent.hb.stack.flexUrl}/?identity=${encodeURIComponent(GRACE)}`);
    await agent.popup.waitForFunction(
      (who: string) => document.body.textContent?.includes(`Signed in as ${who}`),
      { polling: 100, timeout: 15_000 },
      GRACE,
    );
    await agent.hb.waitForTestId(agent.popup, "hb-connection", /^Connected$/);
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Unavailable$/);
    expect(await agent.popup.$('[data-testid="hb-history"] li')).toBeNull();
    expect(await text()).not.toContain(agent.hb.stack.identity);
    expect(await agent.flex.$('[data-testid="hb-offline-banner"]:not([hidden])')).toBeNull();

    // Nor is anything of Ada's left in the session storage.
    const stored = await (await agent.hb.serviceWorker()).evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify(stored)).not.toContain("L-4001");
    expect(JSON.stringify(stored)).not.toContain("Ada's Lead");
  });
});
