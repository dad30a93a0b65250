// The real-Flex fixture page (realflex/page/fixture/, `flexUi: "real"`): @twilio/flex-ui 2.17.1's
// own UI, served at the Flex fixture origin and fed by the TaskRouter emulator, in plain Chromium
// (no extension). An offer becomes Flex's own task card; Flex's own Accept, end button and Actions
// reach the emulator through Flex's own twilio-taskrouter worker.
// Needs realflex/ installed and built (`npm ci --prefix realflex --ignore-scripts`, then
// `npx tsx realflex/build.ts`; npm test does both). The tests run in order on one page: each
// leaves the agent's desk in the state the next one expects.
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedTask, EmulatorState } from "../../sandbox/emulator/index.ts";
import { BOOTSTRAP_ELEMENT_ID } from "../../sandbox/fixtures/flex/bootstrap.ts";
import { FLEX_DEFAULT_CALLER_ID } from "../../sandbox/fixtures/server.ts";
import { type Stack, startStack } from "../../sandbox/stack.ts";
import { openRealFlex, realFlexState } from "../e2e/harness/real-flex.ts";
import { launchChromium, type TestBrowser } from "../fixtures/chromium.ts";

const WEBLEAD = { type: "weblead", lead_id: "L-2001", name: "Grace Hopper", phone: "+16175550001" };
const INBOUND = { direction: "inbound", name: "Alan Turing", from: "+16175550102" };

let stack: Stack;
let chromium: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ flexUi: "real" });
  chromium = await launchChromium();
  page = await openRealFlex(chromium.browser, stack.flexUrl);
  await admin("POST", `/workers/${encodeURIComponent(stack.identity)}/activity`, { activity: "Available" });
});

afterAll(async () => {
  await chromium?.close();
  await stack?.close();
});

async function admin<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.emulator.url}/admin${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const emulatorState = () => admin<EmulatorState>("GET", "/state");
const offer = (kind: "weblead" | "inbound", attributes: Record<string, unknown>) =>
  admin<CreatedTask>("POST", "/tasks", { identity: stack.identity, kind, attributes });
const fixtureState = () => realFlexState(page);

/** Polls until `check` holds, then returns the last value (SDK events and REST replies race). */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The reservation's status at the emulator once it is `status`, or the last seen after 10 s. */
const reservationReaches = (sid: string, status: string) =>
  eventually(
    async () => (await emulatorState()).reservations.find((r) => r.sid === sid)?.status,
    (s) => s === status,
  );

/** Accepts the pending card's offer with Flex's own Accept button, and waits for the call canvas. */
async function acceptWithFlexButton(): Promise<void> {
  await page.click('.Twilio-TaskListBaseItem [data-testid="accept-task"]');
  await page.waitForSelector('.Twilio-CallCanvas [data-testid="hangup-footer"]', { timeout: 10_000 });
}

/** The task header's end button: wrap up, then complete (Flex's WrapupTask and CompleteTask). */
async function finishWithFlexButton(reservationSid: string): Promise<void> {
  const end = 'button.Twilio-TaskCanvasHeader-EndButton[data-testid="end-task-button"]';
  await page.click(`${end}:not([data-status="wrapping"])`);
  expect(await reservationReaches(reservationSid, "wrapping")).toBe("wrapping");
  await page.waitForSelector(`${end}[data-status="wrapping"]`);
  await page.click(end);
  expect(await reservationReaches(reservationSid, "completed")).toBe("completed");
  await page.waitForFunction((sel: string) => !document.querySelector(sel), {}, end);
}

describe("the real-Flex fixture page", () => {
  let weblead: CreatedTask;

  it("is Flex's own UI, logged in: Flex's header, its worker Available at the emulator", async () => {
    expect(await page.$(".Twilio-MainHeader")).not.toBeNull();
    const state = await eventually(fixtureState, (s) => s.activity?.name === "Available");
    expect(state.activity).toMatchObject({ name: "Available", available: true });
  });

  it("exposes Twilio.Flex as flex.twilio.com: the Manager's Flex token, its expiry and worker, Flex's Actions", async () => {
    const flex = await page.evaluate((bootId: string) => {
      const boot = JSON.parse(document.getElementById(bootId)?.textContent ?? "{}") as {
        flexToken?: string;
        tokenExpirationDate?: string;
      };
      type Global = {
        Twilio: {
          Flex: {
            Manager: {
              getInstance(): {
                user: { token: string; tokenExpirationDate: Date };
                workerClient?: { sid: string };
              };
            };
            Actions: { invokeAction?: unknown; addListener?: unknown };
          };
        };
      };
      const { Manager, Actions } = (window as unknown as Global).Twilio.Flex;
      const { user, workerClient } = Manager.getInstance();
      return {
        parts: user.token.split(".").length,
        isBootToken: user.token === boot.flexToken,
        expiry: user.tokenExpirationDate.toISOString(),
        bootExpiry: boot.tokenExpirationDate,
        workerSid: workerClient?.sid,
        actions: [typeof Actions.invokeAction, typeof Actions.addListener],
      };
    }, BOOTSTRAP_ELEMENT_ID);
    expect(flex.parts).toBe(5);
    expect(flex.isBootToken).toBe(true);
    expect(flex.expiry).toBe(flex.bootExpiry);
    const agent = (await emulatorState()).workers.find((w) => w.identity === stack.identity);
    expect(flex.workerSid).toBe(agent?.sid);
    expect(flex.actions).toEqual(["function", "function"]);
  });

  it("shows the emulator's offer as Flex's own task card, and its incoming-task canvas", async () => {
    weblead = await offer("weblead", WEBLEAD);
    const card = await page.waitForSelector('.Twilio-TaskListBaseItem[data-testid="task-item"]', {
      timeout: 10_000,
    });
    expect(await card?.$eval(".Twilio-TaskListBaseItem-FirstLine", (el) => el.textContent?.trim())).toBe(
      WEBLEAD.name,
    );
    expect(await card?.$('[data-testid="accept-task"].Twilio-TaskButton-Accept')).not.toBeNull();
    expect((await fixtureState()).tasks).toEqual([
      expect.objectContaining({ sid: weblead.reservationSid, taskSid: weblead.taskSid, status: "pending" }),
    ]);
    await card?.click();
    await page.waitForSelector(".Twilio-IncomingTaskCanvas .Twilio-IncomingTask-Accept", { timeout: 10_000 });
  });

  it("accepts it at the emulator through Flex's own Accept button (AcceptTask)", async () => {
    await acceptWithFlexButton();
    expect(await reservationReaches(weblead.reservationSid, "accepted")).toBe("accepted");
    expect((await fixtureState()).actions).toContainEqual({ name: "AcceptTask", outcome: "done" });
  });

  it("shows the accepted call in Flex's task and call canvases, with the conference Flex keeps", async () => {
    expect(
      await page.$eval(".Twilio-TaskCanvas .Twilio-TaskCanvasHeader-Name", (el) => el.textContent?.trim()),
    ).toBe(WEBLEAD.name);
    expect(
      await page.$('.Twilio-CallCanvas [data-testid="call-transfer"].Twilio-CallCanvas-Directory'),
    ).not.toBeNull();
    const state = await eventually(fixtureState, (s) => s.conferences.length > 0);
    const agent = (await emulatorState()).workers.find((w) => w.identity === stack.identity);
    expect(state.conferences).toEqual([
      {
        taskSid: weblead.taskSid,
        participants: expect.arrayContaining([
          { type: "worker", status: "joined", workerSid: agent?.sid, onHold: false },
          { type: "customer", status: "joined", workerSid: undefined, onHold: false },
        ]),
      },
    ]);
  });

  it("wraps up and completes at the emulator through Flex's own end button", async () => {
    await finishWithFlexButton(weblead.reservationSid);
  });

  it("Twilio.Flex.Actions.invokeAction('TransferTask') on an inbound call reaches the emulator's transfer", async () => {
    const inbound = await offer("inbound", INBOUND);
    await page.waitForSelector('.Twilio-TaskListBaseItem [data-testid="accept-task"]', { timeout: 10_000 });
    await acceptWithFlexButton();
    await eventually(fixtureState, (s) => s.conferences.length > 0);
    const customerService = stack.emulator.customerServiceQueueSid;
    const result = await page.evaluate(
      async (sid: string, targetSid: string) => {
        type Actions = { invokeAction(name: string, payload: unknown): Promise<unknown> };
        const { Actions } = (window as unknown as { Twilio: { Flex: { Actions: Actions } } }).Twilio.Flex;
        try {
          await Actions.invokeAction("TransferTask", { sid, targetSid, options: { mode: "COLD" } });
          return "resolved";
        } catch (error) {
          return `rejected: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
      inbound.reservationSid,
      customerService,
    );
    expect(result).toBe("resolved");
    expect((await emulatorState()).transfers).toEqual([
      expect.objectContaining({ taskSid: inbound.taskSid, to: customerService, mode: "COLD", type: "QUEUE" }),
    ]);
    // Flex's COLD transfer first lets the agent leave without ending the customer's call.
    expect((await fixtureState()).conferenceCalls).toEqual([
      expect.objectContaining({ what: "setEndConferenceOnExit", taskSid: inbound.taskSid, value: false }),
    ]);
    // The emulator wraps the transferring agent's reservation up (COLD); the agent completes it.
    expect(await reservationReaches(inbound.reservationSid, "wrapping")).toBe("wrapping");
    const end = 'button.Twilio-TaskCanvasHeader-EndButton[data-status="wrapping"]';
    await page.waitForSelector(end, { timeout: 10_000 });
    await page.click(end);
    expect(await reservationReaches(inbound.reservationSid, "completed")).toBe("completed");
  });

  it("dials from Flex's own outbound dialer panel: the emulator gets the call, E.164, from the account's caller ID", async () => {
    await page.click('[data-testid="outbound-dialpad"]');
    // The phone number's own input: `[data-testid="phoneinput"]` also holds the country select's.
    const input = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
    await page.waitForSelector(input, { timeout: 10_000 });
    // Flex starts the number with the account's country code (location US).
    await eventually(fixtureState, (s) => s.dialerNumber === "+1");
    await page.type(input, "6175550123");
    expect((await fixtureState()).dialerNumber).toBe("+16175550123");
    await page.click('.Twilio-OutboundDialerPanel [data-testid="call-button"]');
    const calls = await eventually(
      async () => (await emulatorState()).outboundCalls,
      (c) => c.length > 0,
    );
    expect(calls).toEqual([expect.objectContaining({ to: "+16175550123", from: FLEX_DEFAULT_CALLER_ID })]);
    // Flex then waits for the new task's reservation, which the emulator never makes (it records
    // outbound tasks, it does not route them).
    const dials = (await fixtureState()).actions.filter((a) => a.name === "StartOutboundCall");
    expect(dials).toEqual([{ name: "StartOutboundCall", outcome: "pending" }]);
  });
});
