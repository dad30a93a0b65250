/**
 * Driving the real-Flex fixture page (`flexUi: "real"`, realflex/page/fixture/): open it, wait for
 * Flex to be up, and its test hooks (`window.__realFlexFixture`: a forced re-render of Flex's React
 * tree and a state read-out from Flex's store), the counterparts of the hand-written fixture's
 * `window.__flexFixture`.
 */
import type { Browser, Page } from "puppeteer-core";
import type { RealFlexFixtureState, RealFlexFixtureWindow } from "../../../realflex/page/fixture/api.ts";

/** Loading Flex's 18 MB bundle and logging in takes 5-20 s on 2 busy cores. */
const READY_TIMEOUT_MS = 60_000;

/**
 * Twilio's country list, which Flex's dialer fetches from its CDN (CountryManager.getAllCountries,
 * the 2.17.1 bundle: restcountries' `{name, alpha2Code, callingCodes}`), cut to the NANP countries
 * the fixture dials. With it Flex starts the outbound number with "+1" for the account's US
 * location, as on flex.twilio.com; without it the dialer has no country at all.
 */
const COUNTRIES_URL = "https://assets.flex.twilio.com/assets/countries.json";
const NANP_COUNTRIES = [
  { name: "United States of America", alpha2Code: "US", callingCodes: ["1"] },
  { name: "Canada", alpha2Code: "CA", callingCodes: ["1"] },
];

/**
 * Opens the real-Flex page in a new tab and waits until Flex is logged in and rendered. Nothing
 * else leaves 127.0.0.1 (Flex also asks for fonts, flag positions, a ringtone: it does without).
 * Browser notifications are allowed for the page first, as an agent who uses Flex has allowed
 * them: else Flex lays its "enable browser notifications" bar over the top of the task list.
 */
export async function openRealFlex(browser: Browser, flexUrl: string): Promise<Page> {
  await browser.defaultBrowserContext().overridePermissions(flexUrl, ["notifications"]);
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:") void request.continue();
    else if (url.href === COUNTRIES_URL) {
      void request.respond({
        contentType: "application/json",
        headers: { "Access-Control-Allow-Origin": "*" },
        body: JSON.stringify(NANP_COUNTRIES),
      });
    } else void request.abort("blockedbyclient");
  });
  await page.goto(flexUrl, { waitUntil: "domcontentloaded" });
  await waitForRealFlex(page);
  return page;
}

/** Waits until the page's Flex is ready; fails with the page's own reason if it could not start. */
export async function waitForRealFlex(page: Page): Promise<void> {
  const handle = await page.waitForFunction(
    () => {
      const status = (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state().status;
      return status === "ready" || status === "error" ? status : false;
    },
    { timeout: READY_TIMEOUT_MS, polling: 100 },
  );
  if ((await handle.jsonValue()) === "error") {
    throw new Error(`the real-Flex page did not start: ${(await realFlexState(page)).statusDetail}`);
  }
}

export async function realFlexState(page: Page): Promise<RealFlexFixtureState> {
  const state = await page.evaluate(() =>
    (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state(),
  );
  if (!state) throw new Error("not the real-Flex fixture page (no window.__realFlexFixture)");
  return state;
}

/** Remounts Flex's whole React tree: every node Flex rendered is replaced. */
export const rerenderFlex = (page: Page) =>
  page.evaluate(() => (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.rerender());

/** Remounts Flex's tree every `ms` milliseconds; 0 stops it. */
export const autoRerenderFlex = (page: Page, ms: number) =>
  page.evaluate(
    (every: number) => (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.autoRerenderMs(every),
    ms,
  );

/** How the last invocation of Flex's action `name` ended (the page's record of Flex's invokeAction). */
export async function lastFlexAction(page: Page, name: string): Promise<string | undefined> {
  return (await realFlexState(page)).actions.filter((a) => a.name === name).at(-1)?.outcome;
}

/**
 * What Flex shows of a transfer: an outgoing transfer on a task in its store, or the conference call
 * its TransferTask body makes first (COLD: setEndConferenceOnExit on the agent).
 */
export async function transfersInFlex(page: Page): Promise<unknown[]> {
  const state = await realFlexState(page);
  return [
    ...state.tasks.flatMap((t) => (t.outgoingTransfer ? [t.outgoingTransfer] : [])),
    ...state.conferenceCalls,
  ];
}
