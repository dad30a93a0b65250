import { afterEach, describe, expect, it } from "vitest";
import type { RawSocket, TestEmulator } from "./harness.ts";
import {
  nextEvent,
  openRawSocket,
  postJson,
  SdkSessions,
  startTestEmulator,
  until,
  workerTokenFor,
} from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: EventBridge socket", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions | undefined;
  const raw: RawSocket[] = [];

  const start = async (opts: Parameters<typeof startTestEmulator>[0] = {}) => {
    emulator = await startTestEmulator(opts);
    const sessions = new SdkSessions(emulator);
    sdk = sessions;
    return sessions;
  };
  const rawSocket = async (query = "", identity = ADA) => {
    const socket = await openRawSocket(emulator, await workerTokenFor(emulator, identity), query);
    raw.push(socket);
    return socket;
  };
  const activityOf = (identity = ADA) =>
    emulator.admin.getState().workers.find((w) => w.identity === identity);

  afterEach(async () => {
    sdk?.cleanup();
    for (const socket of raw.splice(0)) socket.ws.terminate();
    await emulator.close();
    expect(sdk?.errors ?? []).toEqual([]);
  });

  it("sends init with channel_id, account, workspace and token_lifetime (ms) from the token's exp", async () => {
    await start({ workerTokenTtlSeconds: 120 });
    const socket = await rawSocket();
    await until(() => socket.frames.length > 0, 1000, "init frame");
    const [init] = socket.events();
    const worker = activityOf();
    expect(init?.event_type).toBe("init");
    expect(init?.payload).toMatchObject({
      channel_id: worker?.sid,
      account_sid: emulator.accountSid,
      workspace_sid: emulator.workspaceSid,
    });
    const lifetime = init?.payload.token_lifetime as number;
    expect(lifetime).toBeGreaterThan(115_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
  });

  it("refuses a socket whose token is not a valid worker token", async () => {
    await start();
    await expect(openRawSocket(emulator, "aaa.bbb.ccc")).rejects.toThrow(/401/);
  });

  it('sends "\\n" heartbeats every heartbeatMs, and none while the admin has stopped them', async () => {
    await start({ heartbeatMs: 40 });
    const socket = await rawSocket();
    const heartbeats = () => socket.frames.filter((f) => f === "\n").length;
    await until(() => heartbeats() >= 3, 1000, "three heartbeats");

    const stop = await postJson(`${emulator.url}/admin/heartbeats`, { enabled: false });
    expect(stop.status).toBe(200);
    await new Promise((r) => setTimeout(r, 60)); // let a frame already in flight land
    const stoppedAt = heartbeats();
    await new Promise((r) => setTimeout(r, 200));
    expect(heartbeats()).toBe(stoppedAt);
    expect(emulator.admin.getState().heartbeatsEnabled).toBe(false);

    emulator.admin.setHeartbeats(true);
    await until(() => heartbeats() >= stoppedAt + 2, 1000, "heartbeats resumed");
  });

  it("after drop-sockets the SDK reconnects, is ready again and keeps its activity", async () => {
    const sessions = await start();
    const worker = await sessions.connect(ADA);
    const available = nextEvent(worker, "activityUpdated");
    emulator.admin.setActivity(ADA, "Available");
    await available;

    const disconnected = nextEvent(worker, "disconnected");
    const readyAgain = nextEvent(worker, "ready", 5000);
    const dropped = await postJson(
      `${emulator.url}/admin/workers/${encodeURIComponent(ADA)}/drop-sockets`,
      {},
    );
    expect(dropped).toMatchObject({ status: 200, body: { dropped: 1 } });
    await disconnected;
    await readyAgain;
    expect(worker.activity.name).toBe("Available");
    expect(activityOf()).toMatchObject({ activity: "Available", sockets: 1 });
  });

  it("setWorkerOfflineIfDisconnected applies only when the LAST socket closes, and not when it was false", async () => {
    await start();
    emulator.admin.ensureWorker(ADA, "Available");
    const withoutFlag = await rawSocket();
    const optedOut = await rawSocket("&setWorkerOfflineIfDisconnected=false");

    withoutFlag.ws.close();
    await withoutFlag.closed;
    await until(() => activityOf()?.sockets === 1, 1000, "one socket left");
    expect(activityOf()?.activity).toBe("Available"); // another session is still connected

    optedOut.ws.close();
    await optedOut.closed;
    await until(() => activityOf()?.sockets === 0, 1000, "no socket left");
    expect(activityOf()?.activity).toBe("Available"); // the last one had opted out

    const lastOne = await rawSocket("&setWorkerOfflineIfDisconnected=true");
    lastOne.ws.close();
    await until(() => activityOf()?.activity === "Offline", 1000, "worker Offline");
  });

  it("closeExistingSessions=true never kicks the other session; both keep receiving events", async () => {
    const sessions = await start();
    const flex = await sessions.connect(ADA);
    let flexDisconnected = false;
    flex.on("disconnected", () => {
      flexDisconnected = true;
    });
    const extension = await sessions.connect(ADA, { closeExistingSessions: true });
    expect(emulator.lines.some((l) => l.includes("closeExistingSessions=true"))).toBe(true);

    const both = Promise.all([nextEvent(flex, "activityUpdated"), nextEvent(extension, "activityUpdated")]);
    emulator.admin.setActivity(ADA, "Break");
    await both;
    expect(flexDisconnected).toBe(false);
    expect(activityOf()?.sockets).toBe(2);
  });

  it("rawAttributes reach the socket verbatim (malformed JSON included)", async () => {
    await start();
    emulator.admin.ensureWorker(ADA);
    const socket = await rawSocket();
    const created = emulator.admin.createTask({
      identity: ADA,
      kind: "weblead",
      rawAttributes: '{"lead_id": "L-9',
    });
    expect(created.attributes).toBeNull();
    await until(
      () => socket.events().some((e) => e.event_type === "reservation.created"),
      1000,
      "reservation.created",
    );
    const event = socket.events().find((e) => e.event_type === "reservation.created");
    const task = event?.payload.task as { attributes: string } | undefined;
    expect(task?.attributes).toBe('{"lead_id": "L-9');
  });
});
