/**
 * Issue #23 on the hand-written fixture Flex (sandbox/fixtures/flex/), with the built extension and
 * the emulator: every Flex action that hands a weblead call to someone else (GUARDED_ACTIONS in
 * src/features/transfer-guard/flex-page.ts) is refused when invoked the way another plugin would,
 * through `Twilio.Flex.Actions.invokeAction`; the agent is told why each time; and nothing reaches
 * Twilio: no transfer at the emulator, and the fixture's record of what its action bodies sent
 * (state().callRouting, state().transfers) has nothing from them. What is not a hand-off still
 * works: the agent's own accept, a Dequeue or Call instruction to the agent's own line, and the
 * inbound cold transfer to customer service. tests/e2e/flex-actions.test.ts shows the same routes
 * on Flex's real UI.
 */
import type { Page } from "puppeteer-core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  acceptInFlexAndReturn,
  createTask,
  finishInFlex,
  invokeFlexAction,
} from "../../driver/flex-actions.ts";
import { eventually } from "../../driver/index.ts";
import type { FlexFixtureState } from "../../sandbox/fixtures/flex/flex-store.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";

interface AdminState {
  customerServiceQueueSid: string;
  tasks: Array<{
    sid: string;
    assignmentStatus: string;
    routing: Array<{ via: string; queueName?: string; action?: string }>;
  }>;
  reservations: Array<{ sid: string; status: string }>;
  transfers: Array<{ taskSid: string; to: string; mode: string; type: string; status: string }>;
}

/** Someone other than the agent: a number a plugin could bridge the call to. */
const ELSEWHERE = "+16175550199";
const CALLER_ID = "+18553409128";
const TWIML = "https://example.com/dial-elsewhere";
const CALL_SID = `CA${"1".repeat(32)}`;
const NOTICE = '[data-testid="hb-action-notice"]';

describe("the routes that hand a call on, on the fixture Flex (issue #23)", () => {
  const agent = agentInFlex({ freshDesk: true });
  // The desk (resetDesk) keeps the Flex page: a notice an earlier test left up (it stays 8 s) is
  // dismissed, so that the notices a test reads are its own.
  beforeEach(async () => {
    const { flex } = agent;
    if (!(await flex.$(NOTICE))) return;
    await flex.bringToFront(); // Puppeteer clicks only in the tab in front
    await flex.click(`${NOTICE} button[aria-label="Dismiss"]`);
    await flex.waitForFunction((sel: string) => !document.querySelector(sel), { polling: 50 }, NOTICE);
  });

  const state = () => agent.hb.admin<AdminState>("GET", "/state");
  const reservationAtTwilio = async (sid: string) => (await state()).reservations.find((r) => r.sid === sid);
  const fixture = async (flex: Page): Promise<FlexFixtureState> => {
    const s = await flex.evaluate(() => window.__flexFixture?.state());
    if (!s) throw new Error("not the fixture Flex (no window.__flexFixture)");
    return s;
  };
  /** How the last invocation of the fixture Flex's action ended (its own record of its Actions). */
  const lastAction = async (flex: Page, name: string) =>
    (await fixture(flex)).actions.filter((a) => a.name === name).at(-1)?.outcome;
  /** Invokes an action from the page, as another plugin would, and says how the promise ended. */
  const invoke = invokeFlexAction;
  /**
   * The agent is told why a hand-off was stopped; then the notice is dismissed, so that the next
   * refusal has to raise its own.
   */
  const toldWhy = async (flex: Page, route: string) => {
    const notice = await agent.hb.waitForTestId(flex, "hb-action-notice", /Transfer stopped/);
    expect(notice, route).toContain("web lead");
    expect(await flex.$eval(NOTICE, (el) => el.getAttribute("role"))).toBe("alert");
    await flex.click(`${NOTICE} button[aria-label="Dismiss"]`);
    await flex.waitForFunction((sel: string) => !document.querySelector(sel), { polling: 50 }, NOTICE);
  };
  /**
   * What the fixture's action bodies sent toward Twilio for this reservation: reservation
   * instructions and Interactions calls (callRouting), transfers (TransferTask's body). The page
   * stays open from test to test, so its records are read for this test's reservation only.
   */
  const sentFor = async (flex: Page, reservationSid: string) => {
    const s = await fixture(flex);
    return {
      callRouting: s.callRouting.filter((c) => c.reservationSid === reservationSid),
      transfers: s.transfers.filter((t) => t.reservationSid === reservationSid),
    };
  };
  /** Waits until the agent's accept (AcceptTask's conference instruction) has its answer from Twilio. */
  const acceptSettled = (flex: Page, reservationSid: string) =>
    flex.waitForFunction(
      (sid: string) =>
        window.__flexFixture
          ?.state()
          .callRouting.some(
            (c) => c.action === "AcceptTask" && c.reservationSid === sid && c.result === "ok",
          ),
      { polling: 100, timeout: 10_000 },
      reservationSid,
    );
  const offered = async (flex: Page, reservationSid: string) => {
    await flex.bringToFront();
    await flex.waitForFunction(
      (sid: string) =>
        window.__flexFixture?.state().reservations.some((r) => r.sid === sid && r.status === "pending"),
      { polling: 100, timeout: 15_000 },
      reservationSid,
    );
  };

  it("on an accepted weblead call, each route that hands it on is refused, the agent is told why, and nothing reaches Twilio", async () => {
    const { hb, flex } = agent;
    const task = await createTask(hb, "weblead");
    const sid = task.reservationSid;
    await acceptInFlexAndReturn(hb, flex);
    await acceptSettled(flex, sid);
    const cs = (await state()).customerServiceQueueSid;
    const routes: Array<[string, Record<string, unknown>]> = [
      ["TransferTask", { sid, targetSid: cs, options: { mode: "COLD" } }],
      ["StartExternalWarmTransfer", { sid, phoneNumber: ELSEWHERE, callerId: CALLER_ID }],
      ["RedirectCallTask", { sid, callSid: CALL_SID, twiMLUrl: TWIML }],
      ["DequeueTask", { sid, options: { to: ELSEWHERE } }],
      ["IssueCallToWorker", { sid, callerId: CALLER_ID, twiMLUrl: TWIML, options: { to: ELSEWHERE } }],
    ];
    for (const [name, payload] of routes) {
      // Flex rejects a cancelled action; the fixture's Actions do as real Flex 2.17.1's.
      expect(await invoke(flex, name, payload), name).toBe(
        `rejected: Action ${name} cancelled by before event`,
      );
      expect(await lastAction(flex, name), name).toBe("aborted");
      await toldWhy(flex, name);
    }
    // Aborted by the before event: no body ran, so nothing can reach Twilio later. The fixture's
    // record of what its bodies sent has only the agent's own accept.
    const after = await sentFor(flex, sid);
    expect(after.transfers).toEqual([]);
    expect(after.callRouting.map((c) => `${c.action} ${c.call}`)).toEqual(["AcceptTask conference"]);
    const twilio = await state();
    expect(twilio.transfers).toEqual([]);
    expect(twilio.reservations.find((r) => r.sid === sid)?.status).toBe("accepted");
    expect(twilio.tasks.find((t) => t.sid === task.taskSid)?.assignmentStatus).toBe("assigned");
    // Not even a cold-transfer option on a weblead call.
    expect(await flex.$('[data-testid="hb-cs-transfer"]')).toBeNull();
    await finishInFlex(flex);
  });

  it("on a weblead offer, an accept that dials someone else and Dequeue or Call instructions to another line are refused; the agent's own accept goes on", async () => {
    const { hb, flex } = agent;
    const task = await createTask(hb, "weblead", { timeoutSeconds: 60 });
    const sid = task.reservationSid;
    await offered(flex, sid);
    const routes: Array<[string, Record<string, unknown>]> = [
      ["AcceptTask", { sid, conferenceOptions: { to: ELSEWHERE } }],
      ["DequeueTask", { sid, options: { to: ELSEWHERE } }],
      ["IssueCallToWorker", { sid, callerId: CALLER_ID, twiMLUrl: TWIML, options: { to: ELSEWHERE } }],
    ];
    for (const [name, payload] of routes) {
      expect(await invoke(flex, name, payload), name).toBe(
        `rejected: Action ${name} cancelled by before event`,
      );
      expect(await lastAction(flex, name), name).toBe("aborted");
      await toldWhy(flex, name);
    }
    // Each of those instructions would have answered the offer at Twilio: it is still waiting.
    expect((await reservationAtTwilio(sid))?.status).toBe("pending");
    expect((await sentFor(flex, sid)).callRouting).toEqual([]);
    // The agent's own accept, with Flex's Accept button: AcceptTask without `to`.
    await acceptInFlexAndReturn(hb, flex);
    await acceptSettled(flex, sid);
    expect((await reservationAtTwilio(sid))?.status).toBe("accepted");
    const [accept, ...more] = (await sentFor(flex, sid)).callRouting;
    expect(more).toEqual([]);
    expect(accept).toMatchObject({
      action: "AcceptTask",
      call: "conference",
      reservationSid: sid,
      result: "ok",
    });
    expect(accept?.args.conferenceOptions).not.toHaveProperty("to");
    expect((await state()).transfers).toEqual([]);
    await finishInFlex(flex);
  });

  it.each([
    ["DequeueTask", "without options", {}, "dequeue"],
    ["DequeueTask", "with options but no `to`", { options: { timeout: 30 } }, "dequeue"],
    ["IssueCallToWorker", "without options", { callerId: CALLER_ID, twiMLUrl: TWIML }, "call"],
  ] as Array<[string, string, Record<string, unknown>, string]>)(
    "%s %s, to the agent's own line, is not refused: it answers the weblead offer",
    async (name, _how, payload, call) => {
      const { hb, flex } = agent;
      const task = await createTask(hb, "weblead", { timeoutSeconds: 60 });
      const sid = task.reservationSid;
      await offered(flex, sid);
      expect(await invoke(flex, name, { sid, ...payload })).toBe("resolved");
      expect(await lastAction(flex, name)).toBe("done");
      // Resolved: no before-listener aborted it, so no stop was reported either.
      expect(await flex.$(NOTICE)).toBeNull();
      expect((await sentFor(flex, sid)).callRouting).toEqual([
        expect.objectContaining({ action: name, call, reservationSid: sid, result: "ok" }),
      ]);
      expect((await reservationAtTwilio(sid))?.status).toBe("accepted");
      await flex.waitForSelector('[data-testid="call-transfer"]', { timeout: 15_000 });
      await finishInFlex(flex);
    },
  );

  it("an inbound call still goes to customer service, cold, after the agent confirms", async () => {
    const { hb, flex } = agent;
    const task = await createTask(hb, "inbound");
    await acceptInFlexAndReturn(hb, flex);
    const cs = (await state()).customerServiceQueueSid;
    await hb.waitForTestId(flex, "hb-cs-transfer", /Transfer to customer service/);
    await flex.click('[data-testid="hb-cs-transfer"]');
    await flex.waitForSelector('[data-testid="hb-cs-transfer-confirm"]', { visible: true });
    // Asking is not transferring.
    expect((await state()).transfers).toEqual([]);
    await flex.click('[data-testid="hb-cs-transfer-confirm"]');
    const { transfers } = await eventually(state, (s) => s.transfers.length > 0, {
      what: "a transfer at Twilio",
    });
    expect(transfers).toEqual([
      expect.objectContaining({ taskSid: task.taskSid, to: cs, mode: "COLD", type: "QUEUE" }),
    ]);
    expect(transfers[0]?.status).not.toBe("failed");
    // Through Flex's TransferTask, whose body ran: the fixture's own record of it.
    const sent = await eventually(
      () => sentFor(flex, task.reservationSid),
      (s) => s.transfers.some((t) => t.result !== "pending"),
      { what: "the fixture's TransferTask answered" },
    );
    expect(sent.transfers).toEqual([expect.objectContaining({ to: cs, mode: "COLD", result: "ok" })]);
    expect(await flex.$(NOTICE)).toBeNull();
    // The cold transfer takes the call from the agent: the task goes to wrap-up.
    await flex.waitForSelector('button.Twilio-TaskCanvasHeader-EndButton[data-status="wrapping"]', {
      timeout: 10_000,
    });
    await finishInFlex(flex);
    const routed = (await state()).tasks.find((t) => t.sid === task.taskSid);
    expect(routed?.routing.at(-1)).toMatchObject({ via: "transfer", queueName: "Customer Service" });
    expect(routed?.assignmentStatus).not.toBe("canceled");
  });
});
