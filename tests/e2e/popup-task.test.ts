/**
 * The popup while the agent works a task: a pending offer with its live accept countdown, the task
 * in hand after accepting in Flex (client, origin, state, dial countdown), then the session history.
 */
import { describe, expect, it } from "vitest";
import { agentInFlex } from "./harness/agent-in-flex.ts";
import { acceptInFlex, createTask, finishInFlex } from "./harness/flex-actions.ts";

const seconds = (text: string) => Number(/^(\d+) s$/.exec(text)?.[1] ?? Number.NaN);

describe("popup: pending offer, task in hand, history", () => {
  // A long accept window and review time, so the countdowns can be watched moving.
  const agent = agentInFlex({ config: { acceptWindowSeconds: 60, reviewSeconds: 60 } });

  it("shows a pending offer with its accept countdown, counting down", async () => {
    await createTask(agent.hb, "weblead", {
      attributes: { lead_id: "L-7001", name: "Katherine Johnson", phone: "+16175550188" },
      timeoutSeconds: 60,
    });
    await agent.popup.bringToFront();
    const offer = await agent.hb.waitForTestId(agent.popup, "hb-offer", /Katherine Johnson/);
    expect(offer).toContain("Incoming: accept it in Flex");
    expect(offer).toContain("Web lead");
    const first = seconds(await agent.hb.waitForTestId(agent.popup, "hb-accept-countdown", /^\d+ s$/));
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(seconds(await agent.hb.waitForTestId(agent.popup, "hb-accept-countdown", /^\d+ s$/))).toBeLessThan(
      first,
    );
    expect(await agent.hb.waitForTestId(agent.popup, "hb-current-task")).toBe("No task in hand.");
  });

  it("shows the task in hand with client, origin, state and the dial countdown", async () => {
    await agent.flex.bringToFront();
    await acceptInFlex(agent.flex);
    await agent.popup.bringToFront();
    const task = await agent.hb.waitForTestId(agent.popup, "hb-current-task", /Katherine Johnson/);
    expect(task).toContain("1-617-555-0188");
    expect(task).toContain("Web lead");
    expect(task).toContain("Lead L-7001");
    expect(task).toContain("Accepted: reviewing before the call");
    expect(
      seconds(await agent.hb.waitForTestId(agent.popup, "hb-dial-countdown", /^\d+ s$/)),
    ).toBeGreaterThan(50);
    expect(await agent.popup.$('[data-testid="hb-offer"]')).toBeNull();
  });

  it("lists the finished task in this session's history with its time to accept", async () => {
    await agent.flex.bringToFront();
    await finishInFlex(agent.flex);
    await agent.popup.bringToFront();
    await agent.hb.waitForTestId(agent.popup, "hb-current-task", /^No task in hand\.$/);
    const entry = await agent.hb.waitForTestId(agent.popup, "hb-history", /Katherine Johnson/);
    expect(entry).toMatch(/Completed/);
    expect(entry).toMatch(/accepted in \d+\.\d s/);
  });
});
