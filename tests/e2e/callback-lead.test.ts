/**
 * Issue #16 §2: a client who calls back from the number an agent called for a lead gets that
 * lead's page, not the caller search, and the card says which lead and when it was called. The
 * memory keeps a keyed hash of the number beside the lead id in storage.local, never the number.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex, waitForHunkwareTab } from "./harness/flex-actions.ts";
import { type Harness, startHarness } from "./harness/index.ts";
import { screenshotOnFailure } from "./harness/screenshots.ts";

/** "Callback — lead L-3001, called Tue 10:42": weekday and 24-hour time, in the browser's zone. */
const LINKED = (leadId: string) =>
  new RegExp(`^Callback — lead ${leadId}, called (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d\\d:\\d\\d$`);

describe("a callback opens the lead it answers", () => {
  let hb: Harness;
  let flex: Page;
  let hunkware: Page | undefined;

  beforeAll(async () => {
    hb = await startHarness();
    flex = await hb.openFlex();
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
    await popup.close();
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex, hunkware],
    ),
  );

  const origin = (page: Page) =>
    page.$eval('[data-testid="hb-client-card"] dd[data-field="origin"]', (dd) => dd.textContent ?? "");

  it("a lead is popped, then its client calls back: the lead's page, and the card says so", async () => {
    await createTask(hb, "weblead", {
      attributes: { lead_id: "L-3001", name: "Grace Hopper", phone: "+1 617 555 0177" },
    });
    await acceptInFlex(flex);
    hunkware = await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\/L-3001$/);
    await finishInFlex(flex);

    // The same client, from their number as Twilio writes it, to our outbound caller ID.
    await createTask(hb, "inbound", { attributes: { from: "+16175550177", caller: "+16175550177" } });
    // The popup shows the link already while the call is offered.
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-offer", /Callback — lead L-3001, called/);
    await popup.close();
    await acceptInFlex(flex);
    // The one Hunkware tab goes to the lead again, not to the caller search.
    await waitForHunkwareTab(hb.chromium.browser, hb.stack.hunkwareUrl, /\/leads\/L-3001$/);
    await hb.waitForTestId(hunkware, "hb-client-card", /Callback — lead L-3001/);
    expect(await origin(hunkware)).toMatch(LINKED("L-3001"));
    await finishInFlex(flex);
  });

  it("a callback from a number never popped opens the caller search, as before", async () => {
    await createTask(hb, "inbound", { attributes: { from: "+16175550188", caller: "+16175550188" } });
    await acceptInFlex(flex);
    hunkware = await waitForHunkwareTab(
      hb.chromium.browser,
      hb.stack.hunkwareUrl,
      /\/search\?phone=6175550188$/,
    );
    await hb.waitForTestId(hunkware, "hb-client-card", /Inbound callback/);
    expect(await origin(hunkware)).toBe("Inbound callback");
    await finishInFlex(flex);
  });

  it("keeps no phone number in storage.local: a keyed hash beside the lead id and time", async () => {
    const stored = await (await hb.serviceWorker()).evaluate(() => chrome.storage.local.get(null));
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/555\D?0177|Grace/);
    expect(stored.callbackMemory).toEqual({
      agent: hb.stack.identity,
      leads: [
        {
          numberKey: expect.stringMatching(/^[0-9a-f]{64}$/),
          leadId: "L-3001",
          calledAtMs: expect.any(Number),
        },
      ],
    });
  });
});
