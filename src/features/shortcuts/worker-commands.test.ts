import { describe, expect, it } from "vitest";
import { CONFIG_DEFAULTS, type HunkBridgeConfig } from "../../domain/config.ts";
import { runCommand } from "./worker-commands.ts";

const config: HunkBridgeConfig = {
  ...CONFIG_DEFAULTS,
  flexOrigins: ["https://flex.twilio.com"],
  hunkwareUrl: "https://hunkware.chhj.com/app",
};

function fakeApi(tabs: Array<{ id: number; windowId: number; url: string; lastAccessed: number }>) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      tabs: {
        query: async () => tabs,
        update: async (id: number) => void calls.push(`activate ${id}`),
        create: async ({ url }: { url: string }) => void calls.push(`open ${url}`),
      },
      windows: { update: async (id: number) => void calls.push(`focus window ${id}`) },
    },
  };
}

describe("keyboard shortcuts", () => {
  const tabs = [
    { id: 1, windowId: 10, url: "https://flex.twilio.com/agent-desktop", lastAccessed: 100 },
    { id: 2, windowId: 20, url: "https://flex.twilio.com/", lastAccessed: 300 },
    { id: 3, windowId: 10, url: "https://hunkware.chhj.com/app/leads/L-1", lastAccessed: 200 },
    { id: 4, windowId: 10, url: "https://hunkware.chhj.com/other", lastAccessed: 400 },
  ];

  it("focus-flex brings the Flex tab used last forward, in its window", async () => {
    const { api, calls } = fakeApi(tabs);
    await runCommand("focus-flex", api, config);
    expect(calls).toEqual(["activate 2", "focus window 20"]);
  });

  it("focus-hunkware brings the Hunkware tab forward (under its base path only)", async () => {
    const { api, calls } = fakeApi(tabs);
    await runCommand("focus-hunkware", api, config);
    expect(calls).toEqual(["activate 3", "focus window 10"]);
  });

  it("opens the site when no tab shows it, and ignores other commands", async () => {
    const { api, calls } = fakeApi([]);
    await runCommand("focus-flex", api, config);
    await runCommand("focus-hunkware", api, config);
    await runCommand("something-else", api, config);
    expect(calls).toEqual(["open https://flex.twilio.com/", "open https://hunkware.chhj.com/app"]);
  });
});
