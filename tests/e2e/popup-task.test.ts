/**
 * The popup while the agent works a task: a pending offer with its live accept countdown, the task
 * in hand after accepting in Flex (client, origin, state, dial countdown), then the session history.
 * One story in one test: each step needs the one before it.
 */
import { describe, expect, it } from "vitest";
import { acceptInFlex, createTask, finishInFlex } from "../../driver/flex-actions.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";
import { expectCountdownLeft } from "./support/countdown.ts";

const seconds = (text: string) => Number(/^(\d+) s$/.exec(text)?.[1] ?? Number.NaN);

describe("popup: pending offer, task in hand, history", () => {
  // A long accept window and review time, so the countdowns can be watched moving.
  const agent = agentInFlex({ config: { acceptWindowSeconds: 60, reviewSeconds: 60 }, freshDesk: true });

  it("shows a pending offer counting down, then the task in hand, then the finished task in the history", async () => {
    const { hb, popup, flex } = agent;
    // The pending offer, with its accept countdown, counting down.
    const offeredAt = Date.now();
    await createTask(hb, "weblead", {
      attributes: { lead_id: "L-7001", name: "Katherine Johnson", phone: "+16175550188" },
      timeoutSeconds: 60,
    });
    await popup.bringToFront();
    const offer = await hb.waitForTestId(popup, "hb-offer", /Katherine Johnson/);
    expect(offer).toContain("Incoming: accept it in Flex");
    expect(offer).toContain("Web lead");
    const first = seconds(await hb.waitForTestId(popup, "hb-accept-countdown", /^\d+ s$/));
    expectCountdownLeft(first, 60, offeredAt, Date.now());
    // It moves: wait for a lower figure than the first (a stuck countdown times out here).
    const later = await popup.waitForFunction(
      (before: number) => {
        const text = document.querySelector('[data-testid="hb-accept-countdown"]')?.textContent ?? "";
        const s = Number(/^(\d+) s$/.exec(text)?.[1] ?? Number.NaN);
        return s < before ? s : false;
      },
      { polling: 100, timeout: 10_000 },
      first,
    );
    expect(await later.jsonValue()).toBeLessThan(first);
    expect(await hb.waitForTestId(popup, "hb-current-task")).toBe("No task in hand.");

    // Accepted in Flex: the task in hand with client, origin, state and the dial countdown.
    const acceptedAt = Date.now();
    await acceptInFlex(flex);
    await popup.bringToFront();
    const task = await hb.waitForTestId(popup, "hb-current-task", /Katherine Johnson/);
    expect(task).toContain("1-617-555-0188");
    expect(task).toContain("Web lead");
    expect(task).toContain("Lead L-7001");
    expect(task).toContain("Accepted: reviewing before the call");
    const review = seconds(await hb.waitForTestId(popup, "hb-dial-countdown", /^\d+ s$/));
    expectCountdownLeft(review, 60, acceptedAt, Date.now());
    expect(await popup.$('[data-testid="hb-offer"]')).toBeNull();

    // Finished: in this session's history with its time to accept.
    await finishInFlex(flex);
    await popup.bringToFront();
    await hb.waitForTestId(popup, "hb-current-task", /^No task in hand\.$/);
    const entry = await hb.waitForTestId(popup, "hb-history", /Katherine Johnson/);
    expect(entry).toMatch(/Completed/);
    expect(entry).toMatch(/accepted in \d+\.\d s/);
  });
});
