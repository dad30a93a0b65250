// The real-Flex fixture page (realflex/page/fixture/, `flexUi: "real"`): @twilio/flex-ui 2.17.1's
// own UI, served at the Flex fixture origin and fed by the TaskRouter emulator, in plain Chromium
// (no extension). An offer becomes Flex's own task card; Flex's own Accept, end button and Actions
// reach the emulator through Flex's own twilio-taskrouter worker.
// Needs realflex/ installed and built (`npm ci --prefix realflex --ignore-scripts`, then
// `npx tsx realflex/build.ts`; npm test does both). Each test starts from an idle desk: the
// emulator's work reset, the agent Available, nothing in Flex's store (Flex is reloaded when an
// earlier test, passed or failed, left a task, a call or a pending action in it); a test makes the
// tasks it needs. Flex's page keeps its action and conference-call records across tests: a test
// reads only what was added while it ran.
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openRealFlex, realFlexState, waitForRealFlex } from "../../driver/real-flex.ts";
import type { RealFlexFixtureState, RealFlexFixtureWindow } from "../../realflex/page/fixture/api.ts";
import { BOOTSTRAP_ELEMENT_ID } from "../../realflex/page/shared/bootstrap.ts";
import type { CreatedTask, EmulatorState } from "../../sandbox/emulator/index.ts";
import { FLEX_DEFAULT_CALLER_ID } from "../../sandbox/fixtures/server.ts";
import { type Stack, startStack } from "../../sandbox/stack.ts";
import { eventually, launchChromium, type TestBrowser } from "../fixtures/chromium.ts";

const WEBLEAD = { type: "weblead", lead_id: "L-2001", name: "Grace Hopper", phone: "+16175550001" };
const INBOUND = { direction: "inbound", name: "Alan Turing", from: "+16175550102" };

let stack: Stack;
let chromium: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startStack({ flexUi: "real" });
  chromium = await launchChromium();
  page = await openRealFlex(chromium.browser, stack.flexUrl);
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
const agentSid = async () => (await emulatorState()).workers.find((w) => w.identity === stack.identity)?.sid;

/** Whether Flex holds anything of an earlier test: a task, a call's conference, a pending action, the dialer. */
function busy(state: RealFlexFixtureState): boolean {
  return (
    state.status !== "ready" ||
    state.tasks.length > 0 ||
    state.conferences.length > 0 ||
    state.actions.some((a) => a.outcome === "pending") ||
    state.dialerNumber !== null
  );
}

beforeEach(async () => {
  // Ends every offer and task at the emulator (a failed test's too); the agent is Unavailable.
  await admin("POST", "/reset");
  const before = await fixtureState().catch(() => undefined);
  if (!before || busy(before)) {
    // Flex keeps a finished call's conference, and waits for ever for an outbound call's
    // reservation: only a new page starts from nothing.
    await page.reload({ waitUntil: "domcontentloaded" });
    await waitForRealFlex(page);
  }
  await admin("POST", `/workers/${encodeURIComponent(stack.identity)}/activity`, { activity: "Available" });
  await page.waitForFunction(
    () => {
      const state = (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state();
      return state?.activity?.name === "Available" && state.tasks.length === 0;
    },
    { timeout: 10_000 },
  );
});

/** The reservation's status at the emulator once it is `status`, or the last seen after 10 s. */
const reservationReaches = (sid: string, status: string) =>
  eventually(
    async () => (await emulatorState()).reservations.find((r) => r.sid === sid)?.status,
    (s) => s === status,
  );

/** Waits until Flex's store has this task's conference with the agent joined (Flex loads it after accept). */
async function conferenceLoaded(taskSid: string, workerSid: string | undefined): Promise<void> {
  await page.waitForFunction(
    (task: string, worker: string | undefined) =>
      (window as unknown as RealFlexFixtureWindow).__realFlexFixture
        ?.state()
        .conferences.some(
          (c) =>
            c.taskSid === task &&
            c.participants.some(
              (p) => p.type === "worker" && p.workerSid === worker && p.status === "joined",
            ),
        ),
    { timeout: 10_000 },
    taskSid,
    workerSid,
  );
}

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
  it("is Flex's own UI, logged in: Flex's header, its worker Available at the emulator", async () => {
    expect(await page.$(".Twilio-MainHeader")).not.toBeNull();
    await page.waitForFunction(
      () =>
        (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state().activity?.name ===
        "Available",
      { timeout: 10_000 },
    );
    expect((await fixtureState()).activity).toMatchObject({ name: "Available", available: true });
  });

  it("rerender() replaces Flex's whole tree, once; effectsFlushed() settles after the old tree's clean-ups", async () => {
    const result = await page.evaluate(async () => {
      type Hooks = { rerender(): void; effectsFlushed(): Promise<void> };
      const hooks = (window as unknown as { __realFlexFixture: Hooks }).__realFlexFixture;
      const before = document.querySelector(".Twilio-MainHeader");
      hooks.rerender();
      hooks.rerender();
      await hooks.effectsFlushed();
      return {
        headers: document.querySelectorAll(".Twilio-MainHeader").length,
        oldDetached: before !== null && !before.isConnected,
      };
    });
    expect(result).toEqual({ headers: 1, oldDetached: true });
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
    expect(flex.workerSid).toBe(await agentSid());
    expect(flex.actions).toEqual(["function", "function"]);
  });

  // One story: the steps of a call depend on each other.
  it("a weblead offer in Flex's own UI: task card and incoming canvas, Accept (AcceptTask), the call and its conference, wrap-up and complete with the end button", async () => {
    // The offer, as Flex's own task card and incoming-task canvas.
    const weblead = await offer("weblead", WEBLEAD);
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

    // Accepted at the emulator through Flex's own Accept button (AcceptTask).
    await acceptWithFlexButton();
    expect(await reservationReaches(weblead.reservationSid, "accepted")).toBe("accepted");
    expect((await fixtureState()).actions).toContainEqual({ name: "AcceptTask", outcome: "done" });

    // The accepted call in Flex's task and call canvases, with the conference Flex keeps.
    expect(
      await page.$eval(".Twilio-TaskCanvas .Twilio-TaskCanvasHeader-Name", (el) => el.textContent?.trim()),
    ).toBe(WEBLEAD.name);
    expect(
      await page.$('.Twilio-CallCanvas [data-testid="call-transfer"].Twilio-CallCanvas-Directory'),
    ).not.toBeNull();
    const agent = await agentSid();
    await conferenceLoaded(weblead.taskSid, agent);
    expect((await fixtureState()).conferences).toEqual([
      {
        taskSid: weblead.taskSid,
        participants: expect.arrayContaining([
          { type: "worker", status: "joined", workerSid: agent, onHold: false },
          { type: "customer", status: "joined", workerSid: undefined, onHold: false },
        ]),
      },
    ]);

    // Wrapped up and completed at the emulator through Flex's own end button.
    await finishWithFlexButton(weblead.reservationSid);
  });

  it("Twilio.Flex.Actions.invokeAction('TransferTask') on an inbound call reaches the emulator's transfer", async () => {
    const conferenceCallsBefore = (await fixtureState()).conferenceCalls.length;
    const inbound = await offer("inbound", INBOUND);
    await page.waitForSelector('.Twilio-TaskListBaseItem [data-testid="accept-task"]', { timeout: 10_000 });
    await acceptWithFlexButton();
    // Flex transfers through the call's conference once it has loaded it: wait for this task's.
    await conferenceLoaded(inbound.taskSid, await agentSid());
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
    expect((await fixtureState()).conferenceCalls.slice(conferenceCallsBefore)).toEqual([
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
    const actionsBefore = (await fixtureState()).actions.length;
    await page.click('[data-testid="outbound-dialpad"]');
    // The phone number's own input: `[data-testid="phoneinput"]` also holds the country select's.
    const input = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
    await page.waitForSelector(input, { timeout: 10_000 });
    // Flex starts the number with the account's country code (location US).
    await page.waitForFunction(
      () => (window as unknown as RealFlexFixtureWindow).__realFlexFixture?.state().dialerNumber === "+1",
      { timeout: 10_000 },
    );
    await page.type(input, "6175550123");
    expect((await fixtureState()).dialerNumber).toBe("+16175550123");
    // The SDK's worker.createTask: a POST of `Workspaces/{WS}/Tasks` through the EventBridge proxy.
    const createTaskReply = page.waitForResponse(
      (response) => {
        const body = response.request().postData() ?? "";
        return body.includes('"method":"POST"') && /"url":"[^"]*\/Tasks"/.test(body);
      },
      { timeout: 10_000 },
    );
    await page.click('.Twilio-OutboundDialerPanel [data-testid="call-button"]');
    const calls = await eventually(
      async () => (await emulatorState()).outboundCalls,
      (c) => c.length > 0,
    );
    expect(calls).toEqual([expect.objectContaining({ to: "+16175550123", from: FLEX_DEFAULT_CALLER_ID })]);
    // Flex then waits for the new task's reservation, which the emulator never makes (it records
    // outbound tasks, it does not route them): still pending once the emulator's reply is in.
    expect((await createTaskReply).ok()).toBe(true);
    const dials = (await fixtureState()).actions
      .slice(actionsBefore)
      .filter((a) => a.name === "StartOutboundCall");
    expect(dials).toEqual([{ name: "StartOutboundCall", outcome: "pending" }]);
  });
});
