/**
 * The foundation's first end-to-end story: the built extension loads in Chromium, picks up the
 * agent's token from the Flex page, exchanges it at the emulator's token service, connects its own
 * TaskRouter worker, and the popup shows the agent's activity, live.
 */
import { describe, expect, it } from "vitest";
import { agentInFlex } from "./support/agent-in-flex.ts";

interface AdminState {
  workers: Array<{ identity: string; activity: string; sockets: number }>;
}

describe("sign-in and the popup", () => {
  // Each test starts with the agent signed in, Unavailable and without a task, in any order.
  const agent = agentInFlex({ waitConnected: false, freshDesk: true });

  it("connects with the Flex token and shows the agent Unavailable", async () => {
    await agent.hb.waitForTestId(agent.popup, "hb-connection", /^Connected$/);
    expect(await agent.hb.waitForTestId(agent.popup, "hb-activity", /\w/)).toBe("Unavailable");
    // Flex's session and the extension's are both connected; neither kicked the other.
    const state = await agent.hb.admin<AdminState>("GET", "/state");
    const worker = state.workers.find((w) => w.identity === agent.hb.stack.identity);
    expect(worker?.sockets).toBe(2);
  });

  it("follows an activity change made elsewhere (in Flex)", async () => {
    await agent.hb.admin("POST", `/workers/${encodeURIComponent(agent.hb.stack.identity)}/activity`, {
      activity: "Break",
    });
    expect(await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Break$/)).toBe("Break");
  });

  it("switches the agent to Available from the popup", async () => {
    await agent.popup.bringToFront(); // a click needs the tab in front
    await agent.popup.click('[data-testid="hb-set-available"]');
    await agent.hb.waitForTestId(agent.popup, "hb-activity", /^Available$/);
    const state = await agent.hb.admin<AdminState>("GET", "/state");
    expect(state.workers.find((w) => w.identity === agent.hb.stack.identity)?.activity).toBe("Available");
  });
});
