/**
 * Driving the real-Flex fixture page (`flexUi: "real"`, realflex/page/fixture/): open it, wait for
 * Flex to be up, and its test hooks (`window.__realFlexFixture`: a forced re-render of Flex's React
 * tree and a state read-out from Flex's store), the counterparts of the hand-written fixture's
 * `window.__flexFixture`.
 */
import type { Browser, Page } from "puppeteer-core";
import type { RealFlexFixtureState, RealFlexFixtureWindow } from "../realflex/page/fixture/api.ts";
import { eventually } from "./index.ts";

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

/** Waits until the last remount's effects have run (Flex's old tree cleaned up after itself). */
export const flexEffectsFlushed = (page: Page) =>
  page.evaluate(() => (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.effectsFlushed());

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

/**
 * Waits until Flex has this task's own call conference in its store, as an agent who transfers a
 * connected call sees it: conferences of earlier, completed tasks stay in the store, so "some
 * conference" is not enough. Before then Flex's TransferTask takes another route.
 */
export async function waitForConference(page: Page, taskSid: string, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(
    (sid: string) =>
      (window as unknown as RealFlexFixtureWindow).__realFlexFixture
        ?.state()
        .conferences.some((c) => c.taskSid === sid && c.participants.some((p) => p.type === "worker")),
    { timeout: timeoutMs, polling: 100 },
    taskSid,
  );
}

/** Waits for the MAIN-world listeners to be on Flex's Actions (they find them as Flex boots). */
export const listeningOnActions = (page: Page) =>
  page.waitForFunction(() => performance.getEntriesByName("hunkbridge:flex-actions:listening").length > 0, {
    timeout: 10_000,
    polling: 100,
  });

/**
 * The desk as a test starts from, on the real Flex: the emulator's work reset (every offer and
 * call ended, the agent Unavailable as at the start, no transfers or outbound calls recorded), no
 * Hunkware tab, and a fresh Flex session (a reload: no task, no dial still pending, no notice,
 * directory or dialer left open, an empty action log), with HunkBridge's listeners on its Actions.
 */
export async function freshRealFlex(
  hb: {
    admin<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
    stack: { hunkwareUrl: string; identity: string };
  },
  page: Page,
): Promise<void> {
  await hb.admin("POST", "/reset");
  for (const tab of await page.browser().pages())
    if (tab.url().startsWith(hb.stack.hunkwareUrl)) await tab.close();
  await page.bringToFront();
  await page.reload({ waitUntil: "domcontentloaded" });
  await waitForRealFlex(page);
  await listeningOnActions(page);
  const state = await realFlexState(page);
  if (state.tasks.length > 0)
    throw new Error(`Flex still has tasks after a reset: ${JSON.stringify(state.tasks)}`);
  // The reload closes Flex's socket; when the extension's is reconnecting at that moment, the
  // worker's last socket closed and TaskRouter set it Offline (setWorkerOfflineIfDisconnected).
  // Once both are connected again, the agent is put back to Unavailable, as at the start.
  const identity = hb.stack.identity;
  await eventually(
    async () =>
      (
        await hb.admin<{ workers: Array<{ identity: string; sockets: number }> }>("GET", "/state")
      ).workers.find((w) => w.identity === identity),
    (worker) => (worker?.sockets ?? 0) >= 2,
    { what: "Flex and the extension both connected", timeoutMs: 15_000 },
  );
  await hb.admin("POST", `/workers/${encodeURIComponent(identity)}/activity`, { activity: "Unavailable" });
  await page.waitForFunction(
    () =>
      (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state().activity?.name ===
      "Unavailable",
    { timeout: 10_000, polling: 100 },
  );
}
