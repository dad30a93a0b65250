/**
 * The offer window (issue #11 §2): while a web lead is offered, the open Hunkware tab prefetches
 * the lead's page (Chrome's speculation rules, one GET with `Sec-Purpose: prefetch`) without
 * leaving the page the agent is on; on accept the page opens from that prefetch, with no second
 * request. A missed or withdrawn offer leaves the tab as it was; `prefetchOnOffer: false` turns it
 * off. The Hunkware fixture server records every request it gets: that is what is checked.
 */
import type { Page } from "puppeteer-core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  acceptInFlex,
  type CreatedTask,
  createTask,
  finishInFlex,
  serviceWorkerLog,
  waitForHunkwareTab,
} from "../../driver/flex-actions.ts";
import { eventually } from "../../driver/index.ts";
import type { HunkwareRequest } from "../../sandbox/fixtures/server.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";

describe("the offer window: Hunkware prefetches the lead's page until the accept", () => {
  let hunkware: Page | undefined;
  // Each test starts with no task anywhere and no Hunkware tab (it opens its own).
  const agent = agentInFlex({ alsoShoot: () => [hunkware], freshDesk: true });

  /**
   * Sets prefetchOnOffer as the options page saves it, and waits until the service worker has
   * it in force (it keeps the configuration it reads as configSnapshot, just before using it).
   */
  async function setPrefetchOnOffer(on: boolean): Promise<void> {
    const worker = await agent.hb.serviceWorker();
    const inForce = () =>
      worker.evaluate(
        async () =>
          ((await chrome.storage.local.get("configSnapshot")).configSnapshot as { prefetchOnOffer?: boolean })
            ?.prefetchOnOffer,
      );
    if ((await inForce()) === on) return;
    await agent.hb.setOptions({ prefetchOnOffer: on });
    await eventually(inForce, (value) => value === on, { what: `prefetchOnOffer ${on} in force` });
  }

  // After the fresh desk: the prefetch on, whatever the test before set.
  beforeEach(async () => {
    hunkware = undefined;
    await setPrefetchOnOffer(true);
  });

  const requestsFor = (path: string): HunkwareRequest[] =>
    agent.hb.stack.hunkwareRequests.filter((r) => r.path === path);

  /** The agent at work in Hunkware: a lead open, an edit typed and not saved. */
  async function agentEditingLead(leadId: string): Promise<Page> {
    hunkware ??= await agent.hb.chromium.browser.newPage();
    await hunkware.goto(`${agent.hb.stack.hunkwareUrl}/leads/${leadId}`);
    await hunkware.bringToFront(); // Puppeteer types only into the tab in front
    await hunkware.click("#lead-address");
    await hunkware.type("#lead-address", " (side door)");
    // Reports of unsaved edits are debounced: the service worker has this one once it keeps it
    // for the tab in storage.session.
    const worker = await agent.hb.serviceWorker();
    await eventually(
      () =>
        worker.evaluate(async (id: string) => {
          const { drafts } = (await chrome.storage.session.get("drafts")) as {
            drafts?: { open?: Record<string, { url: string; fields: Array<{ value: string }> }> };
          };
          return Object.values(drafts?.open ?? {}).some(
            (d) => d.url.endsWith(`/leads/${id}`) && d.fields.some((f) => f.value.endsWith(" (side door)")),
          );
        }, leadId),
      (reported) => reported,
      { what: `the edit on ${leadId} reported to the service worker` },
    );
    return hunkware;
  }

  const addressTyped = (page: Page) =>
    page.$eval("#lead-address", (el) => (el as HTMLInputElement).value.endsWith(" (side door)"));

  /** Waits until the Hunkware server got the prefetch of `path`. */
  async function prefetched(path: string): Promise<void> {
    await eventually(
      () => requestsFor(path),
      (requests) => requests.some((r) => r.purpose?.startsWith("prefetch")),
      { what: `a prefetch of ${path}` },
    );
  }

  async function offer(leadId: string, name: string): Promise<CreatedTask> {
    return createTask(agent.hb, "weblead", { attributes: { lead_id: leadId, name }, timeoutSeconds: 30 });
  }

  it("prefetches the offered lead with one GET, leaves the agent's page and edits alone, and opens from it on accept", async () => {
    const page = await agentEditingLead("L-4100");
    const log = await serviceWorkerLog(agent.hb);
    await offer("L-4101", "Prefetched Client");
    await prefetched("/leads/L-4101");
    // The agent sees no change while the offer waits (the worker is done preparing the page, the
    // prefetch is made): same page, same unsaved edit.
    await log.waitFor(/prefetching \/leads\/L-4101 in tab/);
    log.stop();
    expect(page.url()).toMatch(/\/leads\/L-4100$/);
    expect(await addressTyped(page)).toBe(true);
    expect(requestsFor("/leads/L-4101")).toEqual([
      { method: "GET", path: "/leads/L-4101", purpose: "prefetch" },
    ]);

    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-4101$/,
    );
    expect(hunkware).toBe(page);
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Prefetched Client/);
    // The page came from the prefetch: the server was not asked again.
    expect(requestsFor("/leads/L-4101")).toHaveLength(1);
    // The edit the agent left on L-4100 was kept, as on any screen-pop.
    await hunkware.waitForSelector(".hb-card-draft", { timeout: 10_000 });
    await finishInFlex(agent.flex);
  });

  it("prefetches nothing from a Hunkware tab hidden behind Flex (Chrome would not), and the accept opens the page as before", async () => {
    const page = await agentEditingLead("L-4500");
    await agent.flex.bringToFront(); // Hunkware is now a background tab of Flex's window
    expect(await page.evaluate(() => document.visibilityState)).toBe("hidden");
    const log = await serviceWorkerLog(agent.hb);
    await offer("L-4501", "Hidden Tab Client");
    await agent.flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
    // The hidden tab took the page to prepare (the worker says so): it keeps it without placing
    // the rule, so Chrome was asked for nothing.
    await log.waitFor(/prefetching \/leads\/L-4501 in tab/);
    log.stop();
    expect(await page.$('script[type="speculationrules"]')).toBeNull();
    expect(requestsFor("/leads/L-4501")).toEqual([]);
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-4501$/,
    );
    expect(hunkware).toBe(page);
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Hidden Tab Client/);
    // Once, by the screen-pop: the tab coming forward placed no late rule that fetches it again
    // (the page it left dropped the rule's address on the accept, and the new page has none).
    expect(await hunkware.$('script[type="speculationrules"]')).toBeNull();
    expect(requestsFor("/leads/L-4501")).toEqual([{ method: "GET", path: "/leads/L-4501", purpose: null }]);
    await finishInFlex(agent.flex);
  });

  it.each([
    ["withdrawn", "L-4200", "L-4201", "rescind"],
    ["missed", "L-4300", "L-4301", "timeout"],
  ])(
    "leaves no trace of a %s offer: the tab stays put and the rule goes",
    async (_, leadId, offered, ending) => {
      const page = await agentEditingLead(leadId);
      const { reservationSid } = await offer(offered, "Gone Client");
      await prefetched(`/leads/${offered}`);
      await agent.hb.admin("POST", `/reservations/${reservationSid}/${ending}`, {});
      await page.waitForFunction(() => !document.querySelector('script[type="speculationrules"]'), {
        polling: 50,
        timeout: 10_000,
      });
      expect(page.url()).toMatch(new RegExp(`/leads/${leadId}$`));
      expect(await addressTyped(page)).toBe(true);
      // Only the prefetch: the lead's page was never opened.
      expect(requestsFor(`/leads/${offered}`).map((r) => r.purpose)).toEqual(["prefetch"]);
      // A miss sets the agent Offline: back to Available for the next offer.
      await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/activity`, {
        activity: "Available",
      });
      await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Available$/);
    },
  );

  it("prefetches nothing with prefetchOnOffer off: the page is fetched on accept", async () => {
    await setPrefetchOnOffer(false);
    const page = await agentEditingLead("L-4400");
    await offer("L-4401", "Not Prefetched");
    await agent.flex.bringToFront();
    await agent.flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
    // The extension has the offer (its countdown is on the card). The accept below settles it:
    // a page it had prefetched would open from the prefetch, not with a plain GET.
    await agent.hb.waitForTestId(agent.flex, "hb-accept-countdown", /\d/);
    expect(requestsFor("/leads/L-4401")).toEqual([]);
    expect(await page.$('script[type="speculationrules"]')).toBeNull();
    await acceptInFlex(agent.flex);
    hunkware = await waitForHunkwareTab(
      agent.hb.chromium.browser,
      agent.hb.stack.hunkwareUrl,
      /\/leads\/L-4401$/,
    );
    await agent.hb.waitForTestId(hunkware, "hb-client-card", /Not Prefetched/);
    expect(requestsFor("/leads/L-4401")).toEqual([{ method: "GET", path: "/leads/L-4401", purpose: null }]);
    await finishInFlex(agent.flex);
  });
});
