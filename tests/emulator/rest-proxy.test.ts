import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestEmulator } from "./harness.ts";
import { postJson, startTestEmulator, workerTokenFor } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";
const GRACE = "grace.hopper@chhj.com";

/** Calls the proxy exactly as the SDK does: JSON text labelled x-www-form-urlencoded, token in the body. */
function proxy(
  emulator: TestEmulator,
  call: { url: string; method: "GET" | "POST"; params?: object; token: string },
) {
  return postJson(emulator.ebServer, JSON.stringify({ params: {}, ...call }), {
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      apiVersion: "v1",
      clientVersion: "2.1.1",
    },
  });
}

describe("emulator: EventBridge REST proxy", () => {
  let emulator: TestEmulator;
  let token: string;
  let ws: string;

  beforeEach(async () => {
    emulator = await startTestEmulator();
    token = await workerTokenFor(emulator, ADA);
    ws = `Workspaces/${emulator.workspaceSid}`;
  });
  afterEach(async () => {
    await emulator.close();
  });

  it("parses the JSON body whatever the Content-Type and answers {payload} with list shape {contents, after_sid}", async () => {
    const reply = await proxy(emulator, {
      url: `${ws}/Activities`,
      method: "GET",
      params: { PageSize: 1000 },
      token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.payload.after_sid).toBeNull();
    expect(reply.body.payload.contents.map((a: { friendly_name: string }) => a.friendly_name)).toEqual([
      "Offline",
      "Unavailable",
      "Available",
      "Break",
    ]);
    for (const activity of reply.body.payload.contents) {
      expect(Object.keys(activity)).toEqual(
        expect.arrayContaining([
          "account_sid",
          "available",
          "date_created",
          "date_updated",
          "friendly_name",
          "sid",
          "workspace_sid",
        ]),
      );
    }
  });

  it("returns the full worker, with attributes as a JSON string", async () => {
    const sid = emulator.admin.getState().workers[0]?.sid;
    const reply = await proxy(emulator, { url: `${ws}/Workers/${sid}`, method: "GET", token });
    expect(reply.status).toBe(200);
    const worker = reply.body.payload;
    for (const field of [
      "account_sid",
      "activity_name",
      "activity_sid",
      "attributes",
      "available",
      "date_created",
      "date_status_changed",
      "date_updated",
      "friendly_name",
      "sid",
      "workspace_sid",
      "version",
    ]) {
      expect(worker).toHaveProperty(field);
    }
    expect(JSON.parse(worker.attributes)).toMatchObject({
      email: ADA,
      contact_uri: "client:ada_2Elovelace_40chhj_2Ecom",
    });
  });

  it("rejects a missing, forged or foreign worker token with 401 {message}", async () => {
    const url = `${ws}/Activities`;
    expect(await proxy(emulator, { url, method: "GET", token: "" })).toMatchObject({
      status: 401,
      body: { message: /missing/ },
    });
    expect(await proxy(emulator, { url, method: "GET", token: "aaa.bbb.ccc" })).toMatchObject({
      status: 401,
    });
    const other = await startTestEmulator();
    try {
      const foreign = await workerTokenFor(other, ADA);
      expect(await proxy(emulator, { url, method: "GET", token: foreign })).toMatchObject({ status: 401 });
    } finally {
      await other.close();
    }
  });

  it("forbids reading another worker, and 404s what it does not implement", async () => {
    await workerTokenFor(emulator, GRACE);
    const grace = emulator.admin.getState().workers.find((w) => w.identity === GRACE);
    expect(await proxy(emulator, { url: `${ws}/Workers/${grace?.sid}`, method: "GET", token })).toMatchObject(
      { status: 403 },
    );
    expect(await proxy(emulator, { url: `${ws}/TaskQueues`, method: "GET", token })).toMatchObject({
      status: 404,
      body: { message: /does not implement/ },
    });
    expect(
      await proxy(emulator, { url: "Workspaces/WSnope/Activities", method: "GET", token }),
    ).toMatchObject({ status: 404 });
  });

  it("answers a body that is not JSON with 400 and an unknown activity with 400", async () => {
    const garbage = await postJson(emulator.ebServer, "url=Workspaces&method=GET", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(garbage).toMatchObject({ status: 400, body: { message: /JSON/ } });
    const sid = emulator.admin.getState().workers[0]?.sid;
    const reply = await proxy(emulator, {
      url: `${ws}/Workers/${sid}`,
      method: "POST",
      params: { ActivitySid: "WAnope" },
      token,
    });
    expect(reply).toMatchObject({ status: 400, body: { message: /not an activity/ } });
  });
});
