import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestEmulator } from "./harness.ts";
import { nextEvent, SdkSessions, startTestEmulator, until } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: worker start-up and activity", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sdk = new SdkSessions(emulator);
  });

  afterEach(async () => {
    sdk.cleanup();
    await emulator.close();
  });

  it("a new worker is ready in Unavailable with the workspace's activity list", async () => {
    const worker = await sdk.connect(ADA);

    expect(worker.activity.name).toBe("Unavailable");
    expect(worker.sid).toMatch(/^WK[0-9a-f]{32}$/);
    expect(worker.workspaceSid).toBe(emulator.workspaceSid);
    expect(worker.name).toBe("Ada Lovelace");
    const activities = [...worker.activities.values()].map((a) => [a.name, a.available]);
    expect(activities).toEqual([
      ["Offline", false],
      ["Unavailable", false],
      ["Available", true],
      ["Break", false],
    ]);
    expect([...worker.channels.values()].map((c) => c.taskChannelUniqueName).sort()).toEqual([
      "default",
      "voice",
    ]);
    expect(sdk.errors).toEqual([]);
  });

  it("setAsCurrent(Available) reaches BOTH sessions of the same agent as activityUpdated", async () => {
    const flexSession = await sdk.connect(ADA);
    const extensionSession = await sdk.connect(ADA);
    await until(() => emulator.admin.getState().workers[0]?.sockets === 2, 2000, "two sockets");

    const seenByFlex = nextEvent<[typeof flexSession]>(flexSession, "activityUpdated");
    const seenByExtension = nextEvent<[typeof extensionSession]>(extensionSession, "activityUpdated");
    const available = [...extensionSession.activities.values()].find((a) => a.name === "Available");
    await available?.setAsCurrent();

    const [[flexWorker], [extWorker]] = await Promise.all([seenByFlex, seenByExtension]);
    expect(flexWorker.activity.name).toBe("Available");
    expect(extWorker.activity.name).toBe("Available");
    expect(emulator.admin.getState().workers[0]).toMatchObject({
      identity: ADA,
      activity: "Available",
      available: true,
    });
  });

  it("an admin activity change is pushed to the connected SDK", async () => {
    const worker = await sdk.connect(ADA);
    const updated = nextEvent(worker, "activityUpdated");
    emulator.admin.setActivity(ADA, "Break");
    await updated;
    expect(worker.activity.name).toBe("Break");
  });

  it("worker attributes update through the SDK and come back as attributesUpdated", async () => {
    const worker = await sdk.connect(ADA);
    const updated = nextEvent(worker, "attributesUpdated");
    await worker.setAttributes({ ...worker.attributes, hunkbridge: "1.0" });
    await updated;
    expect(worker.attributes.hunkbridge).toBe("1.0");
    expect(emulator.admin.getState().workers[0]?.attributes.hunkbridge).toBe("1.0");
  });
});
