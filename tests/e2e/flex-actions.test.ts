/**
 * Issue #14 end to end: HunkBridge's listeners on Flex's Actions framework, with the built
 * extension in Chromium, Flex's real UI (the real-Flex fixture, @twilio/flex-ui 2.17.1: its Actions
 * framework, its buttons and its TaskRouter worker) and the emulator. Actions are invoked the way
 * another plugin or a keyboard shortcut would, through `Twilio.Flex.Actions.invokeAction`, not
 * through any button the DOM guard knows.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptInFlexAndReturn, finishInFlex, invokeFlexAction } from "../../driver/flex-actions.ts";
import { eventually, type Harness, startHarness } from "../../driver/index.ts";
import {
  freshRealFlex,
  lastFlexAction,
  listeningOnActions,
  realFlexState,
  rerenderFlex,
  transfersInFlex,
  waitForConference,
} from "../../driver/real-flex.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

interface AdminState {
  customerServiceQueueSid: string;
  tasks: Array<{
    sid: string;
    assignmentStatus: string;
    reason: string | null;
    routing: Array<{ via: string; queueName?: string; action?: string }>;
  }>;
  reservations: Array<{ taskSid: string; identity: string }>;
  transfers: Array<{ taskSid: string; to: string; mode: string; type: string; status: string }>;
  outboundCalls: Array<{ to: string; from: string }>;
  instructions: Array<{ reservationSid: string; instruction: string; to: string | null }>;
}

describe("Flex's Actions framework", () => {
  let hb: Harness;
  let flex: Page;

  beforeAll(async () => {
    hb = await startHarness({ flexUi: "real" });
    // Resolves once Flex is logged in and rendered.
    flex = await hb.openFlex();
  });
  afterAll(async () => hb?.close());
  // Each test starts from its own desk: nothing in hand, nothing recorded, a fresh Flex session.
  beforeEach(async () => freshRealFlex(hb, flex));
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex],
    ),
  );

  const state = () => hb.admin<AdminState>("GET", "/state");
  const createTask = (kind: "weblead" | "inbound", extra: Record<string, unknown> = {}) =>
    hb.admin<{ taskSid: string; reservationSid: string }>("POST", "/tasks", {
      identity: hb.stack.identity,
      kind,
      ...extra,
    });
  /** How the last invocation of Flex's action ended (the page's record of Flex's own invokeAction). */
  const lastAction = (name: string) => lastFlexAction(flex, name);
  /**
   * Starts an action from the page without waiting for it: Flex's StartOutboundCall resolves only
   * once the new task's reservation arrives, which the emulator never makes (it records outbound
   * tasks, it does not route them). Its outcome is read with lastAction().
   */
  const startAction = (name: string, payload: Record<string, unknown>) =>
    flex.evaluate(
      (n: string, p: Record<string, unknown>) => {
        window.Twilio?.Flex?.Actions?.invokeAction(n, p).catch(() => {});
      },
      name,
      payload,
    );
  /** The emulator's outbound calls, once there is one (10 s at most). */
  const outboundCalls = async () =>
    (await eventually(state, (s) => s.outboundCalls.length > 0, { what: "an outbound call at Twilio" }))
      .outboundCalls;
  /** The emulator's transfers, once there is one (10 s at most). */
  const transfersMade = async () =>
    (await eventually(state, (s) => s.transfers.length > 0, { what: "a transfer at Twilio" })).transfers;
  /** Invokes an action from the page, as another plugin would, and says how the promise ended. */
  const invoke = (name: string, payload: Record<string, unknown>) => invokeFlexAction(flex, name, payload);
  /**
   * Accepts an inbound call and waits until Flex shows its conference, as an agent transfers a
   * connected call (before that, Flex's TransferTask takes another route).
   */
  const acceptCall = async (taskSid: string) => {
    await acceptInFlexAndReturn(hb, flex);
    await waitForConference(flex, taskSid);
  };

  it("a weblead transfer invoked programmatically transfers nothing, and the agent is told why", async () => {
    await listeningOnActions(flex);
    const task = await createTask("weblead");
    await acceptInFlexAndReturn(hb, flex);
    const cs = (await state()).customerServiceQueueSid;
    // Straight to Flex's TransferTask, by reservation SID as a plugin would: no DOM control involved.
    // Flex rejects a cancelled action, as real Flex 2.17.1 does.
    expect(
      await invoke("TransferTask", { sid: task.reservationSid, targetSid: cs, options: { mode: "COLD" } }),
    ).toBe("rejected: Action TransferTask cancelled by before event");
    expect(await lastAction("TransferTask")).toBe("aborted");
    const notice = await hb.waitForTestId(flex, "hb-action-notice", /Transfer stopped/);
    expect(notice).toContain("web lead");
    expect(await flex.$eval('[data-testid="hb-action-notice"]', (el) => el.getAttribute("role"))).toBe(
      "alert",
    );
    // Not even a cold-transfer option on a weblead call.
    expect(await flex.$('[data-testid="hb-cs-transfer"]')).toBeNull();
    // The action was aborted by the before event and the notice is up: Flex never ran the
    // transfer's body, so nothing can reach Twilio later.
    expect((await state()).transfers).toEqual([]);
    expect(await transfersInFlex(flex)).toEqual([]);
    await finishInFlex(flex);
  });

  it("with the extension's listener removed from the page, a weblead transfer still never reaches customer service: Twilio's rule holds", async () => {
    await listeningOnActions(flex);
    const task = await createTask("weblead");
    await acceptCall(task.taskSid);
    const cs = (await state()).customerServiceQueueSid;
    // Any script on Flex's page can do this: take the listeners off Flex's Actions (they sit in a
    // public EventEmitter, its `emitter`, @twilio/flex-ui 2.17.1), and go around Flex's actions
    // altogether, straight to Flex's own TaskRouter worker: no browser-side guard sees that.
    const outcome = await flex.evaluate(
      async (sid: string, to: string) => {
        type Emitter = { listenerCount(e: string): number; removeAllListeners(e: string): void };
        type Sdk = {
          reservations: Map<string, { task: { transfer(to: string, o: object): Promise<unknown> } }>;
        };
        const flexGlobal = window.Twilio?.Flex as unknown as {
          Actions: { emitter: Emitter };
          Manager: { getInstance(): { workerClient: Sdk } };
        };
        const removed = flexGlobal.Actions.emitter.listenerCount("beforeTransferTask");
        flexGlobal.Actions.emitter.removeAllListeners("beforeTransferTask");
        const reservation = flexGlobal.Manager.getInstance().workerClient.reservations.get(sid);
        try {
          await reservation?.task.transfer(to, { mode: "COLD" });
          return { removed, transfer: "sent" };
        } catch (err) {
          return { removed, transfer: `failed: ${err instanceof Error ? err.message : String(err)}` };
        }
      },
      task.reservationSid,
      cs,
    );
    expect(outcome).toEqual({ removed: expect.any(Number), transfer: "sent" });
    expect(outcome.removed).toBeGreaterThan(0);
    // The transfer reached Twilio; the workspace's event callback (HunkBridge's transfer guard,
    // docs/transfer-routing.md) took the call out of customer service before anyone there got it.
    const settled = await eventually(
      state,
      (s) => s.tasks.find((t) => t.sid === task.taskSid)?.routing.at(-1)?.via === "transfer-guard",
      { what: "the transfer guard's answer at Twilio" },
    );
    const routed = settled.tasks.find((t) => t.sid === task.taskSid);
    expect(routed?.routing.map((step) => step.queueName ?? step.action)).toEqual([
      "Outbound Web Leads",
      "Customer Service",
      "canceled",
    ]);
    expect(routed?.assignmentStatus).toBe("canceled");
    expect(routed?.reason).toMatch(/only inbound calls may be transferred to customer service/);
    // Nobody but the agent was ever offered the call.
    expect(
      new Set(settled.reservations.filter((r) => r.taskSid === task.taskSid).map((r) => r.identity)),
    ).toEqual(new Set([hb.stack.identity]));
  });

  it("a forged inbound-looking task over a weblead's reservation transfers nothing: the guard judges Flex's own task", async () => {
    await listeningOnActions(flex);
    const task = await createTask("weblead");
    await acceptInFlexAndReturn(hb, flex);
    const cs = (await state()).customerServiceQueueSid;
    // Another script's copy of Flex's task (from Flex's own store) that claims to be inbound.
    const result = await flex.evaluate(
      async (sid: string, targetSid: string) => {
        type Store = { getState(): { flex: { worker: { tasks: Map<string, Record<string, unknown>> } } } };
        const manager = (window.Twilio?.Flex?.Manager?.getInstance() as unknown as { store: Store }) ?? null;
        const own = manager.store.getState().flex.worker.tasks.get(sid);
        // The fields Flex's TransferTask works with, and attributes of the forger's choosing.
        const forged = {
          sid: own?.sid,
          taskSid: own?.taskSid,
          sourceObject: own?.sourceObject,
          attributes: { direction: "inbound", name: "Not Really" },
        };
        try {
          await window.Twilio?.Flex?.Actions?.invokeAction("TransferTask", {
            task: forged,
            targetSid,
            options: { mode: "COLD" },
          });
          return "resolved";
        } catch (err) {
          return `rejected: ${err instanceof Error ? err.message : String(err)}`;
        }
      },
      task.reservationSid,
      cs,
    );
    expect(result).toBe("rejected: Action TransferTask cancelled by before event");
    expect(await hb.waitForTestId(flex, "hb-action-notice", /Transfer stopped/)).toContain("web lead");
    expect((await state()).transfers).toEqual([]);
    expect(await transfersInFlex(flex)).toEqual([]);
    await finishInFlex(flex);
  });

  it("a task of unknown origin is not transferred either, WARM or COLD", async () => {
    const task = await createTask("weblead", {
      rawAttributes: JSON.stringify({ name: "Nobody Knows", phone: "+16175550188" }),
    });
    await acceptInFlexAndReturn(hb, flex);
    const cs = (await state()).customerServiceQueueSid;
    await invoke("TransferTask", { sid: task.reservationSid, targetSid: cs, options: { mode: "WARM" } });
    expect(await lastAction("TransferTask")).toBe("aborted");
    expect(await hb.waitForTestId(flex, "hb-action-notice", /origin is unknown/)).toContain(
      "Transfer stopped",
    );
    expect((await state()).transfers).toEqual([]);
    await finishInFlex(flex);
  });

  it("an inbound call goes to customer service, cold, after the agent confirms", async () => {
    const task = await createTask("inbound");
    await acceptCall(task.taskSid);
    const cs = (await state()).customerServiceQueueSid;
    await hb.waitForTestId(flex, "hb-cs-transfer", /Transfer to customer service/);
    // Flex re-renders its canvas: the offer is put back, not lost.
    await rerenderFlex(flex);
    await flex.waitForSelector('[data-testid="hb-cs-transfer"]');
    await flex.click('[data-testid="hb-cs-transfer"]');
    await flex.waitForSelector('[data-testid="hb-cs-transfer-confirm"]', { visible: true });
    // Asking is not transferring.
    expect((await state()).transfers).toEqual([]);
    expect(await flex.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(
      "hb-cs-transfer-confirm",
    );
    await flex.click('[data-testid="hb-cs-transfer-confirm"]');
    const transfers = await transfersMade();
    expect(transfers).toEqual([
      expect.objectContaining({ taskSid: task.taskSid, to: cs, mode: "COLD", type: "QUEUE" }),
    ]);
    expect(transfers[0]?.status).not.toBe("failed");
    expect(await lastAction("TransferTask")).toBe("done");
    await finishInFlex(flex);
  });

  it("an inbound transfer invoked programmatically is left alone", async () => {
    const task = await createTask("inbound");
    await acceptCall(task.taskSid);
    const cs = (await state()).customerServiceQueueSid;
    expect(
      await invoke("TransferTask", { sid: task.reservationSid, targetSid: cs, options: { mode: "COLD" } }),
    ).toBe("resolved");
    expect(await lastAction("TransferTask")).toBe("done");
    expect((await state()).transfers.filter((t) => t.taskSid === task.taskSid)).toEqual([
      expect.objectContaining({ to: cs, mode: "COLD" }),
    ]);
    // The cold transfer takes the call from the agent: Flex puts the task in wrap-up, where the
    // agent completes it.
    await flex.waitForSelector('button.Twilio-TaskCanvasHeader-EndButton[data-status="wrapping"]', {
      timeout: 10_000,
    });
    await finishInFlex(flex);
  });

  describe("a page script that goes after the guard (issue #23)", () => {
    /** Every event our page scripts once used to hand over to a newer copy, sent by the page. */
    const sendOldHandoverEvents = () =>
      flex.evaluate(() => {
        for (const name of ["flex-actions", "flex-token-reader", "flex-overlays", "flex-token-relay"])
          document.dispatchEvent(new Event(`hunkbridge:claim:${name}`, { cancelable: true }));
      });

    it("cannot switch the guard off with an event: a weblead transfer is still stopped", async () => {
      await listeningOnActions(flex);
      const task = await createTask("weblead");
      await acceptInFlexAndReturn(hb, flex);
      await sendOldHandoverEvents();
      const cs = (await state()).customerServiceQueueSid;
      expect(
        await invoke("TransferTask", { sid: task.reservationSid, targetSid: cs, options: { mode: "COLD" } }),
      ).toBe("rejected: Action TransferTask cancelled by before event");
      expect((await state()).transfers).toEqual([]);
      expect(await hb.waitForTestId(flex, "hb-status")).not.toMatch(/transfer guard off/);
      await finishInFlex(flex);
    });

    it("cannot switch the dial rule off with an event: 9 617 555 0123 still reaches Twilio as +16175550123", async () => {
      await listeningOnActions(flex);
      await sendOldHandoverEvents();
      await startAction("StartOutboundCall", { destination: "9 617 555 0123" });
      expect(await outboundCalls()).toEqual([expect.objectContaining({ to: "+16175550123" })]);
    });

    it("the other routes that hand a weblead call to someone else are stopped too: an accept that dials another number, a redirect", async () => {
      await listeningOnActions(flex);
      const task = await createTask("weblead");
      await flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
      // Accepting with the conference dialing someone else in the agent's place.
      expect(
        await invoke("AcceptTask", { sid: task.reservationSid, conferenceOptions: { to: "+16175550199" } }),
      ).toBe("rejected: Action AcceptTask cancelled by before event");
      expect(await hb.waitForTestId(flex, "hb-action-notice", /Transfer stopped/)).toContain("web lead");
      // The agent's own accept goes on as ever.
      await acceptInFlexAndReturn(hb, flex);
      expect(
        await invoke("RedirectCallTask", {
          sid: task.reservationSid,
          callSid: `CA${"1".repeat(32)}`,
          twiMLUrl: "https://example.com/dial-elsewhere",
        }),
      ).toBe("rejected: Action RedirectCallTask cancelled by before event");
      expect((await state()).transfers).toEqual([]);
      await finishInFlex(flex);
    });

    it("a `to` that reads differently each time never sends a weblead call elsewhere: the action gets the payload as judged", async () => {
      await listeningOnActions(flex);
      const task = await createTask("weblead");
      await flex.waitForSelector(".Twilio-TaskButton-Accept", { timeout: 15_000 });
      const elsewhere = "+16175550199";
      // Nothing for the checks that read it first, then a number for whoever reads it next.
      const outcome = await flex.evaluate(
        async (sid: string, to: string) => {
          let reads = 0;
          const options = {
            get to() {
              reads++;
              return reads <= 2 ? undefined : to;
            },
          };
          try {
            await window.Twilio?.Flex?.Actions?.invokeAction("DequeueTask", { sid, options });
            return "resolved";
          } catch (err) {
            return `rejected: ${err instanceof Error ? err.message : String(err)}`;
          }
        },
        task.reservationSid,
        elsewhere,
      );
      const { instructions } = await state();
      // The action settled: either refused, or the offer was dequeued to the agent's own line.
      expect(instructions.filter((i) => i.to === elsewhere)).toEqual([]);
      expect(
        outcome.startsWith("rejected: ") ||
          instructions.some((i) => i.reservationSid === task.reservationSid && i.to === null),
      ).toBe(true);
    });

    it("listeners taken off Flex's public emitter come back: the guard and the dial rule hold again", async () => {
      await listeningOnActions(flex);
      const task = await createTask("weblead");
      await acceptInFlexAndReturn(hb, flex);
      const cs = (await state()).customerServiceQueueSid;
      const counts = () =>
        flex.evaluate(() => {
          const { emitter } = (window as unknown as { Twilio: { Flex: { Actions: unknown } } }).Twilio.Flex
            .Actions as {
            emitter: { listenerCount(e: string): number };
          };
          return [
            emitter.listenerCount("beforeTransferTask"),
            emitter.listenerCount("beforeStartOutboundCall"),
          ];
        });
      const [transferListeners, dialListeners] = await counts();
      await flex.evaluate(() => {
        const { emitter } = (window as unknown as { Twilio: { Flex: { Actions: unknown } } }).Twilio.Flex
          .Actions as {
          emitter: { removeAllListeners(e: string): void };
        };
        emitter.removeAllListeners("beforeTransferTask");
        emitter.removeAllListeners("beforeStartOutboundCall");
      });
      // Flex's own listeners went too; ours are put back within a second.
      await eventually(counts, ([t, d]) => (t ?? 0) >= 1 && (d ?? 0) >= 1, { what: "our listeners back" });
      expect(transferListeners).toBeGreaterThanOrEqual(1);
      expect(dialListeners).toBeGreaterThanOrEqual(1);
      expect(
        await invoke("TransferTask", { sid: task.reservationSid, targetSid: cs, options: { mode: "COLD" } }),
      ).toBe("rejected: Action TransferTask cancelled by before event");
      expect((await state()).transfers).toEqual([]);
      await finishInFlex(flex);
    });

    it("a page script that fakes our page half's heartbeat cannot hide a guard that is off", async () => {
      await listeningOnActions(flex);
      await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/);
      await flex.evaluate(() => {
        // Answers every hello as a healthy, newer copy would: only the halves' key makes a proof.
        window.addEventListener("message", (event) => {
          const data = event.data as {
            source?: unknown;
            to?: unknown;
            kind?: unknown;
            nonce?: unknown;
          } | null;
          if (data?.source !== "hunkbridge-flex-actions" || data.to !== "page" || data.kind !== "hello")
            return;
          window.postMessage(
            {
              source: "hunkbridge-flex-actions",
              to: "extension",
              kind: "listening",
              copy: "forged0001",
              startedAt: Date.now(),
              guard: "kept",
              proof: { nonce: data.nonce, mac: "0".repeat(64) },
            },
            window.location.origin,
          );
        });
        const flexGlobal = (window as unknown as { Twilio: { Flex: Record<string, unknown> } }).Twilio.Flex;
        Object.assign(window, { Twilio: { Flex: { ...flexGlobal, Actions: { invokeAction: () => {} } } } });
      });
      expect(await hb.waitForTestId(flex, "hb-status", /transfer guard off/, 20_000)).toMatch(
        /^HunkBridge: transfer guard off/,
      );
    });

    it("when a page script swaps Flex's Actions from under our listeners, the status chip says the transfer guard is off", async () => {
      await listeningOnActions(flex);
      await hb.waitForTestId(flex, "hb-status", /^HunkBridge: Connected$/);
      // Flex 2.17.1's Twilio.Flex is its module's namespace (Actions can't be reassigned there), but
      // the `Twilio` global itself is a plain property: a script can put another Flex in its place.
      await flex.evaluate(() => {
        const flexGlobal = (window as unknown as { Twilio: { Flex: Record<string, unknown> } }).Twilio.Flex;
        Object.assign(window, { Twilio: { Flex: { ...flexGlobal, Actions: { invokeAction: () => {} } } } });
      });
      expect(await hb.waitForTestId(flex, "hb-status", /transfer guard off/, 20_000)).toMatch(
        /^HunkBridge: transfer guard off/,
      );
      expect(await flex.$eval('[data-testid="hb-status"]', (el) => el.getAttribute("title"))).toMatch(
        /stay blocked at Twilio/,
      );
      expect(await flex.$eval('[data-testid="hb-status-fix"]', (el) => el.textContent)).toBe("Reload Flex");
      // The popup says so too.
      const popup = await hb.openPopup();
      try {
        expect(await hb.waitForTestId(popup, "hb-transfer-guard")).toMatch(/transfer guard in Flex is off/);
      } finally {
        await popup.close();
      }
    });
  });

  describe("manual dialing through StartOutboundCall", () => {
    // After the outer beforeEach: Flex dials one call at a time ("outbound call action already
    // pending") and a dial waits for a reservation the emulator never makes, so each test dials
    // from the fresh Flex session that hook made, with its dialer open.
    beforeEach(async () => {
      const input = '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input';
      await flex.click('[data-testid="outbound-dialpad"]');
      await flex.waitForSelector(input);
    });

    it("shows the agent the caller ID clients will see", async () => {
      expect(await hb.waitForTestId(flex, "hb-caller-id")).toBe("Clients see your call from 1-855-340-9128.");
    });

    // Real Flex resolves StartOutboundCall once the new task's reservation arrives; the emulator
    // makes none, so these check what reached Twilio and that Flex is still on its way, not refused.
    it("9 617 555 0123 reaches Twilio as +16175550123, from our caller ID", async () => {
      await startAction("StartOutboundCall", { destination: "9 617 555 0123" });
      expect(await outboundCalls()).toEqual([
        expect.objectContaining({ to: "+16175550123", from: "+18553409128" }),
      ]);
      expect(await lastAction("StartOutboundCall")).toBe("pending");
    });

    it("a caller ID the caller chose is kept", async () => {
      await startAction("StartOutboundCall", { destination: "(617) 555-0124", callerId: "+16175550000" });
      expect(await outboundCalls()).toEqual([
        expect.objectContaining({ to: "+16175550124", from: "+16175550000" }),
      ]);
      expect(await lastAction("StartOutboundCall")).toBe("pending");
    });

    it("an invalid number is not dialed, and the agent is told why", async () => {
      expect(await invoke("StartOutboundCall", { destination: "555-0123" })).toBe(
        "rejected: Action StartOutboundCall cancelled by before event",
      );
      expect(await lastAction("StartOutboundCall")).toBe("aborted");
      expect(await hb.waitForTestId(flex, "hb-action-notice", /Not dialed/)).toMatch(/10 digits/);
      // Aborted by the before event, with the notice up: Flex never ran the dial's body.
      expect((await state()).outboundCalls).toEqual([]);
      // Flex shows an outbound call only as its task: none.
      expect((await realFlexState(flex)).tasks).toEqual([]);
    });
  });
});
