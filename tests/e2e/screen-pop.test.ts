/**
 * Screen-pop: when the agent accepts in Flex, the one Hunkware tab shows the client, with the
 * card and the dial countdown; reused for the next client, recreated when closed, the most
 * recently used when the agent made several, and the caller search for an inbound callback.
 */
import type { Page } from "puppeteer-core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  acceptInFlex,
  createTask,
  finishInFlex,
  hunkwareTabs,
  popLeadInFlex,
  waitForHunkwareTab,
} from "../../driver/flex-actions.ts";
import { eventually } from "../../driver/index.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";
import { expectCountdownLeft } from "./support/countdown.ts";

describe("screen-pop into the one Hunkware tab", () => {
  let hunkware: Page | undefined;
  const agent = agentInFlex({
    config: { fieldMap: { "#lead-notes": "service", "#no-such-field": "name" } },
    alsoShoot: () => [hunkware],
    // Each test starts with no task anywhere and no Hunkware tab, and makes the tabs it needs.
    freshDesk: true,
  });
  beforeEach(() => {
    hunkware = undefined;
  });

  /** A web lead offered, accepted in Flex and popped: its Hunkware tab, the card drawn. */
  async function popLead(
    leadId: string,
    name: string,
    attributes: Record<string, unknown> = {},
  ): Promise<Page> {
    hunkware = await popLeadInFlex(agent.hb, agent.flex, leadId, name, attributes);
    return hunkware;
  }

  const card = (page: Page) =>
    page.$eval('[data-testid="hb-client-card"]', (el) => ({
      text: el.textContent ?? "",
      fields: Object.fromEntries(
        [...el.querySelectorAll<HTMLElement>("dd[data-field]")].map((dd) => [
          dd.dataset.field,
          dd.textContent,
        ]),
      ),
    }));

  it("opens Hunkware on the lead with the client card and the dial countdown", async () => {
    await createTask(agent.hb, "weblead", {
      attributes: {
        lead_id: "L-2001",
        name: "Grace Hopper",
        phone: "+16175550123",
        email: "grace@example.com",
      },
    });
    const acceptedAt = Date.now();
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2001$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Grace Hopper/);
    expect((await card(hunkware)).fields).toMatchObject({
      name: "Grace Hopper",
      phone: "1-617-555-0123",
      origin: "Web lead",
      leadId: "L-2001",
      email: "grace@example.com",
    });
    const first = await agent.hb.waitForTestId(hunkware, "hb-dial-countdown", /^\d+ s$/);
    expectCountdownLeft(Number.parseInt(first, 10), 15, acceptedAt, Date.now());
    // It counts down.
    await agent.hb.waitForTestId(hunkware, "hb-dial-countdown", new RegExp(`^(?!${first}$)\\d+ s$`));
    expect(await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl)).toHaveLength(1);
    await finishInFlex(agent.flex);
  });

  it("reuses that tab for the next client", async () => {
    await popLead("L-2010", "Ada First");
    await finishInFlex(agent.flex);
    const before = await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl);
    expect(before).toHaveLength(1);
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-2002", name: "Katherine Johnson" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2002$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Katherine Johnson/);
    expect(hunkware).toBe(before[0]);
    expect(await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl)).toHaveLength(1);
    await finishInFlex(agent.flex);
  });

  it("opens a new tab when the agent closed it", async () => {
    await popLead("L-2011", "Closed Later");
    await finishInFlex(agent.flex);
    for (const tab of await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl))
      await tab.close();
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-2003", name: "Dorothy Vaughan" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2003$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Dorothy Vaughan/);
    expect(await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl)).toHaveLength(1);
    await finishInFlex(agent.flex);
  });

  it("uses the most recently used of two Hunkware tabs and adds none", async () => {
    const older = await popLead("L-2003", "Dorothy Vaughan");
    await finishInFlex(agent.flex);
    const recent = await agent.hb.chromium.browser.newPage();
    await recent.goto(`${agent.hb.stack.hunkwareUrl}/`);
    await recent.bringToFront();
    await agent.flex.bringToFront();
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-2004", name: "Mary Jackson" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2004$/,
    );
    expect(hunkware).toBe(recent);
    expect(older.url()).toMatch(/\/leads\/L-2003$/);
    expect(await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl)).toHaveLength(2);
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Mary Jackson/);
    await finishInFlex(agent.flex);
  });

  it("opens the caller search for an inbound callback, by the caller's 10 digits", async () => {
    await createTask(agent.hb, "inbound", {
      attributes: { from: "+1 (617) 555-0199", name: "Returning Caller" },
    });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/search\?phone=6175550199$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Inbound callback/);
    expect((await card(hunkware)).fields).toMatchObject({
      phone: "1-617-555-0199",
      origin: "Inbound callback",
      leadId: "—",
    });
    await finishInFlex(agent.flex);
  });

  it("hands the agent the call just accepted while the one before wraps up: its card, countdowns, fill and transfer rule", async () => {
    // An inbound callback, accepted and hung up: in wrap-up, transfer allowed on it.
    await createTask(agent.hb, "inbound", {
      attributes: { from: "+1 (617) 555-0142", name: "Wanda Wrapup" },
    });
    await acceptInFlex(agent.flex);
    const first = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/search\?phone=6175550142$/,
    );
    await agent.hb.waitForTestId(first, "hb-client-card", /Wanda Wrapup/);
    const end = "button.Twilio-TaskCanvasHeader-EndButton";
    await agent.flex.bringToFront();
    await agent.flex.click(end);
    await agent.flex.waitForSelector(`${end}[data-status="wrapping"]`);

    // A web lead, accepted in Flex while the callback still wraps up.
    const lead = await createTask(agent.hb, "weblead", {
      attributes: { lead_id: "L-2020", name: "Nova Lead", service: "Piano move" },
    });
    const acceptedAt = Date.now();
    await acceptInFlex(agent.flex);
    const popped = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2020$/,
    );
    hunkware = popped;
    // The card is the new client's, with its review countdown; the fill is its own.
    await agent.hb.waitForTestId(popped, "hb-client-card", /Nova Lead/);
    expect((await card(popped)).text).not.toMatch(/Wanda Wrapup/);
    const onCard = await agent.hb.waitForTestId(popped, "hb-dial-countdown", /^\d+ s$/);
    expectCountdownLeft(Number.parseInt(onCard, 10), 15, acceptedAt, Date.now());
    // Both fieldMap entries given (the page has one of the two fields).
    expect(await fillSettled(popped)).toEqual({ reservationSid: lead.reservationSid, fields: 2 });
    expect(await popped.$eval("#lead-notes", (el) => (el as HTMLTextAreaElement).value)).toBe("Piano move");
    // In Flex: the same countdown on the live call, and transfer off, for a web lead.
    const inFlex = await agent.hb.waitForTestId(agent.flex, "hb-dial-countdown", /^\d+ s$/);
    expectCountdownLeft(Number.parseInt(inFlex, 10), 15, acceptedAt, Date.now());
    await agent.hb.waitForTestId(agent.flex, "hb-transfer-blocked", /web lead/);
    expect(
      await agent.flex.$eval(
        '[data-testid="call-transfer"]',
        (el) => el.hasAttribute("disabled") && el.getAttribute("aria-disabled") === "true",
      ),
    ).toBe(true);
  });

  it("shows hostile and broken task data as text, with dashes for what is missing", async () => {
    const longText = "x".repeat(10_000);
    // Sent verbatim: no phone at all, a null email, markup in the name, a 10 kB address.
    await createTask(agent.hb, "weblead", {
      rawAttributes: JSON.stringify({
        type: "weblead",
        lead_id: "L-2005",
        name: '<img src=x onerror="window.__pwned=1">',
        address: longText,
        email: null,
      }),
    });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2005$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /onerror/);
    const shown = await card(hunkware);
    expect(shown.fields.name).toBe('<img src=x onerror="window.__pwned=1">');
    expect(shown.fields.phone).toBe("—");
    expect(shown.fields.email).toBe("—");
    expect((shown.fields.address ?? "").length).toBeLessThanOrEqual(501);
    expect(shown.text).not.toMatch(/undefined|null/);
    expect(
      await hunkware.evaluate(() => document.querySelectorAll('[data-testid="hb-client-card"] img').length),
    ).toBe(0);
    expect(await hunkware.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await finishInFlex(agent.flex);
  });

  it("shows a second offer that arrives during a call beside the client in hand, never in its place", async () => {
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-2008", name: "Client In Hand" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2008$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Client In Hand/);
    const { reservationSid } = await createTask(agent.hb, "inbound", {
      attributes: { name: "Waiting Caller" },
    });
    await hunkware.bringToFront();
    await hunkware.waitForFunction(
      () => document.querySelector(".hb-card-waiting")?.textContent?.includes("Waiting Caller"),
      { polling: 50, timeout: 10_000 },
    );
    expect((await card(hunkware)).fields.name).toBe("Client In Hand");
    expect(hunkware.url()).toMatch(/\/leads\/L-2008$/);
    await agent.hb.admin("POST", `/reservations/${reservationSid}/cancel`);
    await hunkware.waitForFunction(
      () => (document.querySelector(".hb-card-waiting") as HTMLElement | null)?.hidden,
      {
        polling: 50,
        timeout: 10_000,
      },
    );
    await finishInFlex(agent.flex);
  });

  it("fills the fieldMap fields on screen-pop", async () => {
    await createTask(agent.hb, "weblead", {
      attributes: { lead_id: "L-2006", name: "Field Fill", service: "Piano move" },
    });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2006$/,
    );
    await hunkware.waitForFunction(
      () => (document.querySelector("#lead-notes") as HTMLTextAreaElement | null)?.value === "Piano move",
      { polling: 50, timeout: 10_000 },
    );
    await finishInFlex(agent.flex);
  });

  it("keeps the agent's unsaved edits when the next client arrives, and says so", async () => {
    const page = await popLead("L-2006", "Field Fill", { service: "Piano move" });
    await finishInFlex(agent.flex);
    // The agent types into the current lead and does not save.
    await page.bringToFront();
    await page.click("#lead-address");
    await page.type("#lead-address", " (gate code 4412)");
    await page.waitForSelector('#lead-form[data-unsaved="true"]');
    // The draft report is debounced: the worker has it once it keeps it in storage.session.
    const worker = await agent.hb.serviceWorker();
    await eventually(
      () => worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get("drafts"))),
      (drafts) => drafts.includes("gate code 4412"),
      { what: "the unsaved edit reported to the service worker" },
    );
    await createTask(agent.hb, "weblead", { attributes: { lead_id: "L-2007", name: "Next Client" } });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2007$/,
    );
    await hunkware.bringToFront();
    await hunkware.waitForSelector(".hb-card-draft", { timeout: 10_000 });
    expect(await hunkware.$eval(".hb-card-draft", (el) => el.textContent)).toMatch(
      /Unsaved edits kept from .*L-2006/,
    );
    await hunkware.click(".hb-card-draft button");
    await hunkware.waitForSelector(".hb-card-drafts pre", { timeout: 10_000 });
    expect(await hunkware.$eval(".hb-card-drafts pre", (el) => el.textContent)).toMatch(/gate code 4412/);
    await finishInFlex(agent.flex);
  });

  /**
   * The fields the extension gave this page for the client, once the page has settled its fill
   * (the content script's `hunkbridge:fill-settled` mark); a reload starts a new timeline.
   */
  const fillSettled = async (page: Page) =>
    (
      await page.waitForFunction(
        () => {
          const [mark] = performance.getEntriesByName("hunkbridge:fill-settled");
          return mark ? (mark as PerformanceMark).detail : false;
        },
        { polling: 50, timeout: 10_000 },
      )
    ).jsonValue() as Promise<{ reservationSid: string; fields: number }>;

  it("fills the fieldMap once, into the popped tab only: not a second tab on the lead, not a reload", async () => {
    const notes = (page: Page) => page.$eval("#lead-notes", (el) => (el as HTMLTextAreaElement).value);
    await createTask(agent.hb, "weblead", {
      attributes: { lead_id: "L-2009", name: "Fill Once", service: "Harp move" },
    });
    await acceptInFlex(agent.flex);
    const popped = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-2009$/,
    );
    hunkware = popped;
    expect((await fillSettled(popped)).fields).toBeGreaterThan(0);
    expect(await notes(popped)).toBe("Harp move");

    // Another Hunkware tab on the same lead, with the task still in hand: the card, no fill.
    const second = await agent.hb.chromium.browser.newPage();
    try {
      await second.goto(popped.url());
      await agent.hb.waitForTestId(second, "hb-client-card", /Fill Once/);
      expect((await fillSettled(second)).fields).toBe(0);
      expect(await notes(second)).toBe("");
    } finally {
      await second.close();
    }

    // The agent writes their own notes, then reloads the popped tab: the fill does not come back.
    await popped.bringToFront();
    await popped.click("#lead-notes", { count: 3 });
    await popped.keyboard.press("Backspace");
    await popped.type("#lead-notes", "Agent's own notes");
    await popped.reload();
    await agent.hb.waitForTestId(popped, "hb-client-card", /Fill Once/);
    expect((await fillSettled(popped)).fields).toBe(0);
    expect(await notes(popped)).not.toBe("Harp move");
    // The popped tab is the only one: neither the second tab's visit nor the reload opened another.
    expect(await hunkwareTabs(agent.hb.chromium.browser, agent.hb.stack.hunkwareUrl)).toEqual([popped]);
    await finishInFlex(agent.flex);
  });

  it("gives a card even when the task's attributes are not JSON", async () => {
    // Flex's own SDK cannot read such a task either; it is accepted elsewhere (another client).
    const { reservationSid } = await createTask(agent.hb, "weblead", {
      rawAttributes: "{not json <b>bold</b>",
    });
    // The extension has the offer (the popup lists it) before it is accepted.
    await agent.hb.waitForTestId(agent.popup, "hb-offer");
    await agent.hb.admin("POST", `/reservations/${reservationSid}/accept`);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /^http:\/\/127\.0\.0\.1:\d+\/?$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /could not be read/);
    const shown = await card(hunkware);
    expect(shown.fields).toMatchObject({ name: "—", phone: "—", leadId: "—", origin: "Unknown origin" });
    expect(
      await hunkware.evaluate(() => document.querySelectorAll('[data-testid="hb-client-card"] b').length),
    ).toBe(0);
    // After Chrome restarts the service worker, the SDK's start-up reads carry the same task:
    // the agent is not locked out by it, and the task stays in hand.
    await (await agent.hb.serviceWorker()).close();
    // A fresh popup wakes the worker and shows only what the new instance knows.
    const fresh = await agent.hb.openPopup();
    await agent.hb.waitForTestId(fresh, "hb-connection", /^Connected$/);
    expect(await agent.hb.waitForTestId(fresh, "hb-current-task", /\S/)).toMatch(/Unknown/);
    await fresh.close();
  });
});

describe("the caller search with the caller's number in the fragment (callerSearchPath /search#phone={phone10})", () => {
  let hunkware: Page | undefined;
  const agent = agentInFlex({
    config: { callerSearchPath: "/search#phone={phone10}" },
    alsoShoot: () => [hunkware],
    freshDesk: true,
  });
  beforeEach(() => {
    hunkware = undefined;
  });

  /** The request lines the fixture Hunkware got from the `from`th on, as its server logged them. */
  const requestLines = (from: number) =>
    agent.hb.stack.hunkwareRequests.slice(from).map((r) => `${r.method} ${r.path}`);
  const searched = (page: Page, digits: string) =>
    page.waitForFunction(
      (d: string) => document.getElementById("search-phone")?.textContent === d,
      {
        polling: 100,
        timeout: 15_000,
      },
      digits,
    );

  it("the search page shows the caller's number; no request line to Hunkware ever carries it", async () => {
    const asked = agent.hb.stack.hunkwareRequests.length;
    await createTask(agent.hb, "inbound", {
      attributes: { from: "+1 (617) 555-0199", name: "Returning Caller" },
    });
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/search#phone=6175550199$/,
    );
    // The page read the number from the fragment, which its server never got.
    await searched(hunkware, "6175550199");
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Inbound callback/);
    expect(requestLines(asked)).toContain("GET /search");
    expect(requestLines(asked).join("\n")).not.toMatch(/6175550199|617\D{0,3}555\D?0199|phone/);
    await finishInFlex(agent.flex);

    // A second callback into the search page still open: the same tab, the new number shown, and
    // still no request line with either number.
    await createTask(agent.hb, "inbound", { attributes: { from: "+1 (617) 555-0142" } });
    await acceptInFlex(agent.flex);
    const again = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/search#phone=6175550142$/,
    );
    expect(again).toBe(hunkware);
    await searched(again, "6175550142");
    await agent.hb.waitForTestId(again, "hb-client-card", /1-617-555-0142/);
    expect(requestLines(asked).join("\n")).not.toMatch(/617555|617\D{0,3}555|phone/);
    await finishInFlex(agent.flex);
  });
});
