/**
 * Issue #16 §2: a client who calls back from the number an agent called for a lead gets that
 * lead's page, not the caller search, and the card says which lead and when it was called. The
 * memory keeps a keyed hash of the number beside the lead id in storage.local, never the number;
 * the key is the agent's callbackKey from the token service, kept with the tokens in
 * storage.session, never on disk beside the hashes.
 */
import { createHmac } from "node:crypto";
import type { Page } from "puppeteer-core";
import { beforeEach, describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex, waitForHunkwareTab } from "../../driver/flex-actions.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";

/** "Callback — lead L-3001, called Tue 10:42": weekday and 24-hour time, in the browser's zone. */
const LINKED = (leadId: string) =>
  new RegExp(`^Callback — lead ${leadId}, called (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d\\d:\\d\\d$`);

describe("a callback opens the lead it answers", () => {
  let hunkware: Page | undefined;
  // Each test starts with no task anywhere and no Hunkware tab.
  const agent = agentInFlex({ alsoShoot: () => [hunkware], freshDesk: true });
  beforeEach(() => {
    hunkware = undefined;
  });

  const origin = (page: Page) =>
    page.$eval('[data-testid="hb-client-card"] dd[data-field="origin"]', (dd) => dd.textContent ?? "");

  it("a lead is popped, then its client calls back: the lead's page, and the card says so; storage.local keeps no phone number and no key, a keyed hash beside the lead id and time", async () => {
    await createTask(agent.hb, "weblead", {
      attributes: { lead_id: "L-3001", name: "Grace Hopper", phone: "+1 617 555 0177" },
    });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-3001$/,
    );
    await finishInFlex(agent.flex);

    // The same client, from their number as Twilio writes it, to our outbound caller ID.
    await createTask(agent.hb, "inbound", { attributes: { from: "+16175550177", caller: "+16175550177" } });
    // The popup shows the link already while the call is offered.
    await agent.hb.waitForTestId(agent.popup, "hb-offer", /Callback — lead L-3001, called/);
    await acceptInFlex(agent.flex);
    // The one Hunkware tab goes to the lead again, not to the caller search.
    await waitForHunkwareTab(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl, /\/leads\/L-3001$/);
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Callback — lead L-3001/);
    expect(await origin(hunkware)).toMatch(LINKED("L-3001"));
    await finishInFlex(agent.flex);

    // What the callback memory kept of it.
    const worker = await agent.hb.serviceWorker();
    const stored = await worker.evaluate(() => chrome.storage.local.get(null));
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/6175550177|617 555 0177|Grace/);
    // The number hashed with the agent's key from the (sandbox) token service, which only
    // storage.session holds, with the worker token.
    const session = await worker.evaluate(() => chrome.storage.session.get(null));
    const callbackKey = (session.secrets as { worker?: { callbackKey?: unknown } } | undefined)?.worker
      ?.callbackKey;
    expect(callbackKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const numberKey = createHmac("sha256", Buffer.from(String(callbackKey), "base64url"))
      .update("6175550177")
      .digest("hex");
    expect(stored.callbackMemory).toEqual({
      agent: agent.hb.stack.identity,
      leads: [{ numberKey, leadId: "L-3001", calledAtMs: expect.any(Number) }],
    });
    // No key on disk: neither the one earlier versions kept there, nor the agent's.
    expect(stored).not.toHaveProperty("callbackMemoryKey");
    expect(text).not.toContain(String(callbackKey));
    // With the agent's key there is no session key either.
    expect(session).not.toHaveProperty("callbackSessionKey");
  });

  it("a callback from a number never popped opens the caller search, as before", async () => {
    await createTask(agent.hb, "inbound", { attributes: { from: "+16175550188", caller: "+16175550188" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/search\?phone=6175550188$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Inbound callback/);
    expect(await origin(hunkware)).toBe("Inbound callback");
    await finishInFlex(agent.flex);
  });
});
