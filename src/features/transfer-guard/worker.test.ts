import { describe, expect, it } from "vitest";
import type { WorkerCore } from "../../background/worker-feature.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { startTransferGuardHealth } from "./worker.ts";

function setUp() {
  const published: Array<Partial<AgentView>> = [];
  const core = {
    publish: (patch: Partial<AgentView>) => published.push(patch),
    log: () => {},
  } as unknown as WorkerCore;
  const part = startTransferGuardHealth(core);
  const report = (tabId: number | undefined, health: "starting" | "on" | "unproven" | "off") =>
    part.handlers?.["flex-guard"]?.(
      { type: "flex-guard", health },
      tabId === undefined ? {} : { tab: { id: tabId } },
    );
  return { part, published, report, last: () => published.at(-1)?.transferGuard };
}

describe("the transfer guard's state in the view", () => {
  it("is unknown until a Flex tab says, on when every tab's listeners answer, off when one stopped", async () => {
    const { part, report, last } = setUp();
    expect(part.view?.()).toEqual({ transferGuard: null });
    await report(1, "starting");
    expect(last()).toBeNull();
    await report(1, "on");
    expect(last()).toBe("on");
    await report(2, "off");
    expect(last()).toBe("off");
    // The tab whose guard stopped is closed: the others' answer stands.
    await part.tabRemoved?.(2);
    expect(last()).toBe("on");
  });

  it("is unproven while a tab's answers can't be proven, unless another tab's guard is off", async () => {
    const { report, last } = setUp();
    await report(1, "on");
    await report(2, "unproven");
    expect(last()).toBe("unproven");
    await report(3, "off");
    expect(last()).toBe("off");
    await report(3, "on");
    expect(last()).toBe("unproven");
    await report(2, "on"); // Flex reloaded in tab 2: its answers are proven now
    expect(last()).toBe("on");
  });

  it("ignores a report from no tab", async () => {
    const { report, published } = setUp();
    await report(undefined, "off");
    expect(published).toEqual([]);
  });
});
