import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestEmulator } from "./harness.ts";
import { getJson, postJson, startTestEmulator } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";

describe("emulator: admin HTTP API", () => {
  let emulator: TestEmulator;
  const admin = (path: string, body: unknown = {}) => postJson(`${emulator.url}/admin${path}`, body);

  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it("creates workers and tasks with realistic defaults, merged attributes and raw attributes", async () => {
    const worker = await admin("/workers", { identity: ADA, activity: "Available" });
    expect(worker).toMatchObject({
      status: 200,
      body: { identity: ADA, activity: "Available", available: true, sockets: 0 },
    });
    expect(worker.body.sid).toMatch(/^WK[0-9a-f]{32}$/);

    const weblead = await admin("/tasks", { identity: ADA, kind: "weblead" });
    expect(weblead.status).toBe(200);
    expect(weblead.body.taskSid).toMatch(/^WT[0-9a-f]{32}$/);
    expect(weblead.body.reservationSid).toMatch(/^WR[0-9a-f]{32}$/);
    expect(weblead.body.attributes).toEqual({
      type: "weblead",
      lead_id: "L-1001",
      name: expect.any(String),
      phone: expect.stringMatching(/^\+1617555\d{4}$/),
      email: expect.stringContaining("@"),
      address: expect.any(String),
      zip: expect.stringMatching(/^\d{5}$/),
      service: expect.any(String),
      channel: "voice",
    });

    const inbound = await admin("/tasks", {
      identity: ADA,
      kind: "inbound",
      attributes: { name: "Grace", from: "+16175551234" },
    });
    expect(inbound.body.attributes).toMatchObject({
      direction: "inbound",
      from: "+16175551234",
      to: "+18553409128",
      caller: expect.stringMatching(/^\+1617555/),
      call_sid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      channel: "voice",
      name: "Grace",
    });

    const raw = await admin("/tasks", {
      identity: ADA,
      kind: "weblead",
      rawAttributes: "not json",
      timeoutSeconds: 30,
    });
    expect(raw.body).toMatchObject({ attributes: null, rawAttributes: "not json" });

    const state = await getJson(`${emulator.url}/admin/state`);
    expect(state.status).toBe(200);
    expect(state.body.customerServiceQueueSid).toBe(emulator.customerServiceQueueSid);
    expect(state.body.queues.map((q: { name: string }) => q.name)).toEqual([
      "Outbound Web Leads",
      "Inbound Callbacks",
      "Customer Service",
    ]);
    expect(state.body.tasks).toHaveLength(3);
    expect(state.body.tasks[0]).toMatchObject({
      assignmentStatus: "reserved",
      queueName: "Outbound Web Leads",
    });
    expect(
      state.body.reservations.map((r: { status: string; identity: string }) => [r.status, r.identity]),
    ).toEqual([
      ["pending", ADA],
      ["pending", ADA],
      ["pending", ADA],
    ]);
    expect(state.body.reservations[2].timeoutSeconds).toBe(30);
  });

  it("accepts a reservation as another client would; 409 the second time", async () => {
    await admin("/workers", { identity: ADA });
    const a = await admin("/tasks", { identity: ADA, kind: "weblead" });
    expect(await admin(`/reservations/${a.body.reservationSid}/accept`)).toMatchObject({
      status: 200,
      body: { status: "accepted" },
    });
    expect(await admin(`/reservations/${a.body.reservationSid}/accept`)).toMatchObject({ status: 409 });
  });

  it("cancels, rescinds and times out reservations; 409 when the reservation is no longer pending", async () => {
    await admin("/workers", { identity: ADA, activity: "Available" });
    const a = await admin("/tasks", { identity: ADA, kind: "inbound" });
    const b = await admin("/tasks", { identity: ADA, kind: "weblead" });
    const c = await admin("/tasks", { identity: ADA, kind: "weblead" });
    expect(await admin(`/reservations/${a.body.reservationSid}/cancel`)).toMatchObject({
      status: 200,
      body: { status: "canceled" },
    });
    expect(await admin(`/reservations/${b.body.reservationSid}/rescind`)).toMatchObject({
      status: 200,
      body: { status: "rescinded" },
    });
    expect(await admin(`/reservations/${c.body.reservationSid}/timeout`)).toMatchObject({
      status: 200,
      body: { status: "timeout" },
    });
    expect(await admin(`/reservations/${a.body.reservationSid}/rescind`)).toMatchObject({
      status: 409,
      body: { error: /it is canceled/ },
    });
    const state = emulator.admin.getState();
    expect(state.workers[0]?.activity).toBe("Offline");
    expect(state.tasks.map((t) => t.assignmentStatus)).toEqual(["canceled", "reserved", "pending"]);
  });

  it("answers malformed input with 400 and a clear reason", async () => {
    await admin("/workers", { identity: ADA });
    const cases: [string, unknown, RegExp][] = [
      ["/workers", "{not json", /not valid JSON/],
      ["/workers", [1, 2], /JSON object/],
      ["/workers", {}, /identity must be a non-empty string/],
      ["/workers", { identity: "ada lovelace" }, /without spaces/],
      [
        "/workers",
        { identity: ADA, activity: "Lunch" },
        /activity must be one of Offline, Unavailable, Available, Break/,
      ],
      [`/workers/${encodeURIComponent(ADA)}/activity`, { activity: 3 }, /activity must be one of/],
      ["/tasks", { identity: ADA, kind: "email" }, /kind must be "weblead" or "inbound"/],
      ["/tasks", { identity: ADA, kind: "weblead", attributes: ["x"] }, /attributes must be a JSON object/],
      ["/tasks", { identity: ADA, kind: "weblead", rawAttributes: 7 }, /rawAttributes must be a string/],
      ["/tasks", { identity: ADA, kind: "weblead", timeoutSeconds: "10" }, /timeoutSeconds must be a number/],
      ["/tasks", { identity: ADA, kind: "weblead", timeoutSeconds: 0 }, /timeoutSeconds must be between/],
      ["/tasks", { identity: ADA, kind: "weblead", attributes: {}, rawAttributes: "{}" }, /not both/],
      ["/heartbeats", { enabled: "yes" }, /enabled must be true or false/],
      ["/token-service/fail-next", { status: 404 }, /status must be one of 401, 500, 503/],
      ["/token-service/fail-next", { status: 503, count: 0 }, /count must be between 1 and 1000/],
      ["/flex-token", { identity: "" }, /identity must be a non-empty string/],
    ];
    for (const [path, body, reason] of cases) {
      const reply = await admin(path, body);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
      expect(reply.body.error).toMatch(reason);
    }
    expect(emulator.admin.getState().tasks).toEqual([]);
  });

  it("answers an unknown worker or reservation with 404, an unknown route with 404, a GET on a POST route with 405", async () => {
    const nobody = encodeURIComponent("nobody@chhj.com");
    expect(await admin("/tasks", { identity: "nobody@chhj.com", kind: "weblead" })).toMatchObject({
      status: 404,
      body: { error: /no worker with identity nobody@chhj.com/ },
    });
    expect(await admin(`/workers/${nobody}/activity`, { activity: "Available" })).toMatchObject({
      status: 404,
    });
    expect(await admin(`/workers/${nobody}/drop-sockets`)).toMatchObject({ status: 404 });
    expect(await admin("/reservations/WR00000000000000000000000000000000/cancel")).toMatchObject({
      status: 404,
    });
    expect(await admin("/teleport")).toMatchObject({ status: 404, body: { error: /no admin route/ } });
    expect((await getJson(`${emulator.url}/admin/workers`)).status).toBe(405);
  });

  it("issues sandbox Flex tokens that the token service accepts", async () => {
    const reply = await admin("/flex-token", { identity: ADA });
    expect(reply.status).toBe(200);
    const exchanged = await postJson(emulator.tokenUrl, { flexToken: reply.body.flexToken });
    expect(exchanged).toMatchObject({ status: 200, body: { identity: ADA } });
  });

  it("reset forgets the work, puts workers back to Unavailable and clears injected failures", async () => {
    await admin("/workers", { identity: ADA, activity: "Available" });
    await admin("/tasks", { identity: ADA, kind: "weblead", timeoutSeconds: 0.05 });
    await admin("/token-service/fail-next", { status: 500, count: 5 });
    await admin("/heartbeats", { enabled: false });
    expect(await admin("/reset")).toMatchObject({ status: 200, body: { ok: true } });

    const state = emulator.admin.getState();
    expect(state).toMatchObject({
      tasks: [],
      reservations: [],
      transfers: [],
      heartbeatsEnabled: true,
      tokenServiceFailNext: null,
    });
    expect(state.workers).toEqual([expect.objectContaining({ identity: ADA, activity: "Unavailable" })]);
    // The reservation timer was cleared too: the worker is not taken Offline later.
    await new Promise((r) => setTimeout(r, 100));
    expect(emulator.admin.getState().workers[0]?.activity).toBe("Unavailable");
    const again = await admin("/tasks", { identity: ADA, kind: "weblead" });
    expect(again.body.attributes.lead_id).toBe("L-1001");
  });
});
