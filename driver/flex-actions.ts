/**
 * What an agent does in Flex and sees in Hunkware, as e2e steps: accept the offer in Flex (where
 * accept really happens, through Flex's own worker), finish the call, find the Hunkware tabs.
 */
import type { Browser, Page } from "puppeteer-core";
import { eventually, type Harness } from "./index.ts";

export interface CreatedTask {
  taskSid: string;
  reservationSid: string;
}

export function createTask(
  hb: Harness,
  kind: "weblead" | "inbound",
  extra: { attributes?: Record<string, unknown>; rawAttributes?: string; timeoutSeconds?: number } = {},
): Promise<CreatedTask> {
  return hb.admin<CreatedTask>("POST", "/tasks", { identity: hb.stack.identity, kind, ...extra });
}

/** Accepts the newest offer with Flex's own Accept button on the task card. */
export async function acceptInFlex(flex: Page): Promise<void> {
  // The agent looks at Flex to accept; Puppeteer's click also needs the tab in front (a hidden
  // tab never reports the element as visible).
  await flex.bringToFront();
  await flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
  await flex.click(".Twilio-TaskButton-Accept");
  await flex.waitForSelector('[data-testid="call-transfer"]', { timeout: 15_000 });
}

/**
 * Accepts like acceptInFlex, then waits for the screen-pop's Hunkware tab (it opens in front of
 * Flex) and brings Flex back to the front: in a hidden tab, rAF-polled waits stall.
 */
export async function acceptInFlexAndReturn(hb: Harness, flex: Page): Promise<void> {
  const screenPop = hb.chromium.browser
    .waitForTarget((t) => t.type() === "page" && t.url().startsWith(hb.stack.hunkwareUrl), { timeout: 5_000 })
    .catch(() => null);
  await acceptInFlex(flex);
  await screenPop;
  await flex.bringToFront();
  await flex.waitForFunction(() => document.visibilityState === "visible", { polling: 100 });
}

/**
 * Hangs up and completes the task in hand with the task header's end button; a task already in
 * wrap-up (after a transfer) is only completed.
 */
export async function finishInFlex(flex: Page): Promise<void> {
  const end = "button.Twilio-TaskCanvasHeader-EndButton";
  await flex.bringToFront();
  await flex.waitForSelector(end);
  if (!(await flex.$(`${end}[data-status="wrapping"]`))) {
    await flex.click(end);
    await flex.waitForSelector(`${end}[data-status="wrapping"]`);
  }
  await flex.click(end);
  await flex.waitForFunction((sel: string) => !document.querySelector(sel), {}, end);
}

export async function hunkwareTabs(browser: Browser, hunkwareUrl: string): Promise<Page[]> {
  return (await browser.pages()).filter((p) => p.url().startsWith(hunkwareUrl));
}

/** Waits until exactly one Hunkware tab shows a URL matching the pattern, and returns it. */
export async function waitForHunkwareTab(browser: Browser, hunkwareUrl: string, url: RegExp): Promise<Page> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const tabs = await hunkwareTabs(browser, hunkwareUrl);
    const match = tabs.filter((p) => url.test(p.url()));
    if (match.length === 1 && match[0]) return match[0];
    if (Date.now() > deadline) {
      throw new Error(`no single Hunkware tab at ${url}: ${tabs.map((t) => t.url()).join(", ") || "none"}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * What the extension's service worker logs (`HunkBridge: …` on its console) from now on, to wait
 * for what it did: a log line is the event a check that something did NOT happen waits on.
 */
export async function serviceWorkerLog(hb: Harness): Promise<{
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): void;
}> {
  const worker = await hb.serviceWorker();
  const lines: string[] = [];
  const onConsole = (message: { text(): string }) => lines.push(message.text());
  worker.on("console", onConsole);
  return {
    waitFor: (pattern, timeoutMs = 10_000) =>
      eventually(
        () => lines.find((line) => pattern.test(line)),
        (line) => line !== undefined,
        { what: `a service worker log line matching ${pattern}`, timeoutMs },
      ) as Promise<string>,
    stop: () => worker.off("console", onConsole),
  };
}

/**
 * A web lead offered, accepted with Flex's own button, and popped: its one Hunkware tab, once the
 * client card shows `name`.
 */
export async function popLeadInFlex(
  hb: Harness,
  flex: Page,
  leadId: string,
  name: string,
  attributes: Record<string, unknown> = {},
): Promise<Page> {
  await createTask(hb, "weblead", { attributes: { lead_id: leadId, name, ...attributes } });
  await acceptInFlex(flex);
  const hunkware = await waitForHunkwareTab(
    hb.chromium.browser,
    hb.stack.hunkwareUrl,
    new RegExp(`/leads/${leadId}$`),
  );
  await hb.waitForTestId(hunkware, "hb-client-card", new RegExp(name));
  return hunkware;
}

/**
 * Waits until HunkBridge's transfer guard in this Flex page is proven: the status chip's
 * `data-guard` is "on" (not "unproven", as in a page its scripts reached after Flex's own).
 */
export async function guardProvenInFlex(flex: Page, timeoutMs = 20_000): Promise<void> {
  await flex.waitForSelector('[data-testid="hb-status"][data-guard="on"]', { timeout: timeoutMs });
}

/**
 * Invokes one of Flex's actions from the page, as another plugin or a script on the page would
 * (`Twilio.Flex.Actions.invokeAction`), and says how its promise ended: "resolved", or
 * "rejected: <message>".
 */
export function invokeFlexAction(
  page: Page,
  name: string,
  payload: Record<string, unknown>,
): Promise<string> {
  return page.evaluate(
    async (n: string, p: Record<string, unknown>) => {
      try {
        await window.Twilio?.Flex?.Actions?.invokeAction(n, p);
        return "resolved";
      } catch (err) {
        return `rejected: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
    name,
    payload,
  );
}
