// The service worker's wiring (createBackground) with the unit fakes: one fake browser, a fake SDK
// worker and token service, manual timers. What only e2e tests reached before: the SDK's
// reservations reaching the tracker and the views, the agent's activity reaching the session, and
// the Hunkware page's fill request answered only for the page the screen-pop opened.
import { createHmac, webcrypto } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createBackground, WATCHDOG_ALARM } from "../../../src/background/background.ts";
import { openStores, STORES, type StoreName } from "../../../src/background/stores.ts";
import { CONFIG_DEFAULTS } from "../../../src/domain/config.ts";
import { EMPTY_SESSION } from "../../../src/domain/reservation.ts";
import { trackSnapshot } from "../../../src/domain/reservation-lifecycle.ts";
import { type AgentView, type FillPush, type Reply, VIEW_PORT } from "../../../src/protocol/messages.ts";
import { fakeBrowser } from "../fake-browser.ts";
import {
  FakeReservation,
  type FakeWorker,
  fakeTokenService,
  fakeWorkerFactory,
  flush,
  ManualTimers,
  okToken,
  type TokenReply,
} from "./fakes.ts";

// The registry imports the built content scripts (crxjs `?script&iife`), which only a build
// resolves: the registrations, minus the code, stand in.
vi.mock("../../../src/background/content-script-registry.ts", () => ({
  contentScriptsFor: (config: { flexOrigins: string[] }) => [
    { id: "flex-overlays", matches: config.flexOrigins.map((o) => `${o}/*`), js: ["overlays.js"] },
  ],
}));

const ID = "ofknpifobakjhobajpenccalbkbdjghh";
const FLEX = "https://flex.twilio.com";
const HUNKWARE = "https://hunkware.chhj.com";
const FLEX_TOKEN = `${"a".repeat(20)}.${"b".repeat(20)}`;
const flexSender = { id: ID, url: `${FLEX}/agent-desktop`, origin: FLEX, tab: { id: 1 } };
const popupSender = { id: ID, url: `chrome-extension://${ID}/popup/index.html` };
const hunkwareSender = (tabId: number, url: string) => ({
  id: ID,
  url,
  origin: HUNKWARE,
  tab: { id: tabId },
  frameId: 0,
});
const WR = (n: number) => `WR${String(n).padStart(32, "0")}`;

/**
 * A page's view port as the service worker gets it (runtime.onConnect); `fills()` is what was
 * pushed on it besides the view, once the worker has handled the connection.
 */
function connectPage(background: { onConnect(port: never): void }, sender: object) {
  const pushed: unknown[] = [];
  const port = {
    name: VIEW_PORT,
    sender,
    postMessage: (message: unknown) => pushed.push(message),
    disconnect: () => {},
    onDisconnect: { addListener: () => {} },
    onMessage: { addListener: () => {} },
  };
  background.onConnect(port as never);
  return async (): Promise<FillPush[]> => {
    await vi.waitFor(() => expect(pushed.some((m) => (m as { type?: string }).type === "fill")).toBe(true));
    return pushed.filter((m): m is FillPush => (m as { type?: string }).type === "fill");
  };
}

async function setUp(tokens?: (nowMs: number) => TokenReply[]) {
  const timers = new ManualTimers();
  const fake = fakeBrowser([{ id: 1, windowId: 1, url: `${FLEX}/agent-desktop`, active: true }]);
  Object.assign(fake.areas.managed, {
    tokenUrl: "https://token.example/token",
    fieldMap: { "#notes": "service" },
  });
  const workers = fakeWorkerFactory();
  const service = fakeTokenService(
    tokens?.(timers.nowMs) ?? [okToken("worker-jwt", timers.nowMs + 3_600_000)],
  );
  const background = createBackground({
    browser: fake.browser as never,
    createWorker: workers.create,
    fetch: service.fetch,
    now: () => timers.nowMs,
    timers,
    crypto: webcrypto as unknown as Crypto,
    log: () => {},
  });
  await background.started;
  const view = async (): Promise<AgentView> =>
    ok(await background.onMessage({ type: "get-view" }, popupSender)).view;
  return { timers, fake, workers, service, background, view };
}

function ok(reply: Reply): Extract<Reply, { ok: true }> {
  if (!reply.ok) throw new Error(`refused: ${reply.error}`);
  return reply;
}

/** Flex hands over its token; the worker connects and is ready. */
async function signIn(t: Awaited<ReturnType<typeof setUp>>): Promise<FakeWorker> {
  ok(await t.background.onMessage({ type: "flex-token", token: FLEX_TOKEN, expiresAtMs: null }, flexSender));
  await flush();
  const worker = t.workers.created[0];
  if (!worker) throw new Error("no worker was opened");
  worker.emit("ready", worker);
  await flush();
  return worker;
}

function offer(worker: FakeWorker, n: number, attributes: Record<string, unknown>, nowMs: number) {
  const reservation = new FakeReservation(WR(n), { createdMs: nowMs, attributes });
  worker.reservations.set(reservation.sid, reservation);
  worker.emit("reservationCreated", reservation);
  return reservation;
}

describe("createBackground's start-up", () => {
  /** A browser start: `snapshot` left by the last run, and Chrome's policy not loaded yet. */
  async function browserStart(snapshot: unknown, session?: unknown) {
    const timers = new ManualTimers();
    const fake = fakeBrowser([{ id: 1, windowId: 1, url: `${FLEX}/agent-desktop`, active: true }]);
    if (snapshot !== undefined) fake.areas.local.configSnapshot = snapshot;
    if (session !== undefined) fake.areas.session.session = session;
    let loadPolicy: (policy: Record<string, unknown>) => void = () => {};
    fake.browser.storage.managed.get = vi.fn(() => new Promise((resolve) => (loadPolicy = resolve)));
    const service = fakeTokenService([okToken("worker-jwt", timers.nowMs + 3_600_000)]);
    const background = createBackground({
      browser: fake.browser as never,
      createWorker: fakeWorkerFactory().create,
      fetch: service.fetch,
      now: () => timers.nowMs,
      timers,
      crypto: webcrypto as unknown as Crypto,
      log: () => {},
    });
    let started = false;
    void background.started.then(() => (started = true));
    await flush();
    return {
      timers,
      fake,
      service,
      background,
      loadPolicy: (p: Record<string, unknown>) => loadPolicy(p),
      isStarted: () => started,
    };
  }

  const LAST_RUN = { ...CONFIG_DEFAULTS, flexOrigins: [FLEX], tokenUrl: "https://token.example/token" };

  it("signs in with the configuration last in use without waiting for Chrome's policy, then applies the policy", async () => {
    const t = await browserStart(LAST_RUN);
    expect(t.isStarted()).toBe(true);
    ok(
      await t.background.onMessage({ type: "flex-token", token: FLEX_TOKEN, expiresAtMs: null }, flexSender),
    );
    await flush();
    expect(t.service.requests.map((r) => r.url)).toEqual(["https://token.example/token"]);

    // Chrome has the policy now: a token service moved while the browser was closed.
    t.loadPolicy({ tokenUrl: "https://token.example/v2/token" });
    await flush();
    expect(t.service.requests.map((r) => r.url)).toContain("https://token.example/v2/token");
    expect(t.fake.areas.local.configSnapshot).toMatchObject({ tokenUrl: "https://token.example/v2/token" });
  });

  it("waits for the policy on the very first start, and keeps what it applied for the next", async () => {
    const t = await browserStart(undefined);
    expect(t.isStarted()).toBe(false);
    t.loadPolicy({ tokenUrl: "https://token.example/token", reviewSeconds: 20 });
    await flush();
    expect(t.isStarted()).toBe(true);
    expect(t.fake.areas.local.configSnapshot).toMatchObject({
      tokenUrl: "https://token.example/token",
      reviewSeconds: 20,
    });
  });

  it("restores the session only once the configuration is known: a review that ended meanwhile ticks at once", async () => {
    // The worker was stopped during a review (an update of the extension): the session is in
    // storage.session, and this version has no snapshot yet.
    const startMs = new ManualTimers().nowMs;
    const reviewing = trackSnapshot(
      {
        sid: WR(9),
        taskSid: `WT${"9".repeat(32)}`,
        status: "accepted",
        dateCreatedSec: (startMs - 60_000) / 1000,
        attributes: { type: "weblead", lead_id: "L-9" },
      },
      startMs - 60_000,
      CONFIG_DEFAULTS,
    );
    const t = await browserStart(undefined, { ...EMPTY_SESSION, reservations: [reviewing], inHand: WR(9) });
    expect(t.timers.pending()).toEqual([]); // nothing restored, so nothing ticks, before the policy
    t.loadPolicy({ tokenUrl: "https://token.example/token" });
    await flush();
    expect(t.isStarted()).toBe(true);
    await t.timers.runNext(); // the review is over: dialing, with the configuration in hand
    expect(JSON.stringify(t.fake.areas.session.session)).toContain('"phase":"dialing"');
  });

  it.each([
    ["a value of the wrong type", { ...LAST_RUN, reviewSeconds: "15" }],
    ["a key missing", Object.fromEntries(Object.entries(LAST_RUN).filter(([key]) => key !== "fieldMap"))],
    ["not an object", "tokenUrl=https://evil.example"],
  ])("does not start from a snapshot with %s: it waits for the policy", async (_, snapshot) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = await browserStart(snapshot);
    expect(t.isStarted()).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('storage.local "configSnapshot"'));
    warn.mockRestore();
    t.loadPolicy({ tokenUrl: "https://token.example/token" });
    await flush();
    expect(t.isStarted()).toBe(true);
  });
});

describe("createBackground", () => {
  it("signs in with the Flex token and shows the connection in the view", async () => {
    const t = await setUp();
    await signIn(t);
    expect(t.service.requests).toEqual([
      { url: "https://token.example/token", body: { flexToken: FLEX_TOKEN } },
    ]);
    expect((await t.view()).connection).toMatchObject({
      status: "connected",
      identity: "ada.lovelace@chhj.com",
    });
  });

  it("sends the SDK's reservations straight to the tracker and on to the views", async () => {
    const t = await setUp();
    const worker = await signIn(t);
    offer(worker, 1, { type: "weblead", lead_id: "L-1", name: "Ada" }, t.timers.nowMs);
    await flush();
    const view = await t.view();
    expect(view.reservations).toMatchObject([{ sid: WR(1), phase: "pending", origin: "weblead" }]);
    expect(view.reservations[0]?.client.name).toBe("Ada");
    // The offer's countdown on the toolbar badge.
    expect(t.fake.state.badge.text).toBe("10");
  });

  it("hands the agent's activity to the session: Available again clears Offline after a miss", async () => {
    const t = await setUp();
    const worker = await signIn(t);
    const missed = offer(worker, 1, { type: "weblead", lead_id: "L-1" }, t.timers.nowMs);
    await flush();
    missed.move("timeout", "timeout");
    await flush();
    expect((await t.view()).offlineAfterMiss).toBe(true);
    const available = [...worker.activities.values()].find((a) => a.available);
    await available?.setAsCurrent();
    await flush();
    const view = await t.view();
    expect(view.activity).toMatchObject({ name: "Available", available: true });
    expect(view.offlineAfterMiss).toBe(false);
  });

  it("pushes the fill to the page the screen-pop opened only, once, and tells every other page it gets none", async () => {
    const t = await setUp();
    const worker = await signIn(t);
    const lead = offer(
      worker,
      1,
      { type: "weblead", lead_id: "L-7", service: "Junk Removal" },
      t.timers.nowMs,
    );
    await flush();
    lead.move("accepted", "accepted");
    await flush();
    const [created] = t.fake.callsOf("tabs.create") as [[{ url: string }]];
    expect(created[0].url).toBe(`${HUNKWARE}/leads/L-7`);
    const popped = t.fake.tabs.find((tab) => tab.url === `${HUNKWARE}/leads/L-7`);
    const page = (tabId: number) => connectPage(t.background, hunkwareSender(tabId, `${HUNKWARE}/leads/L-7`));
    const none = [{ type: "fill", reservationSid: null, fill: [] }];
    expect(await page(999)()).toEqual(none);
    expect(await page(popped?.id as number)()).toEqual([
      { type: "fill", reservationSid: WR(1), fill: [{ selector: "#notes", value: "Junk Removal" }] },
    ]);
    // A reload of the popped page: its fill was handed out.
    expect(await page(popped?.id as number)()).toEqual(none);
  });

  it("refuses what a sender may not ask, and a page's script cannot change the agent's activity", async () => {
    const t = await setUp();
    await signIn(t);
    const reply = await t.background.onMessage(
      { type: "set-activity", activitySid: `WA${"0".repeat(32)}` },
      flexSender,
    );
    expect(reply).toEqual({ ok: false, error: "set-activity is not accepted from flex" });
    const stranger = await t.background.onMessage(
      { type: "get-view" },
      { id: "another-extension", url: FLEX },
    );
    expect(stranger).toEqual({ ok: false, error: "get-view is not accepted from an unknown sender" });
  });

  it("sets the watchdog alarm, and shows a dropped socket as reconnecting", async () => {
    const t = await setUp();
    expect(t.fake.callsOf("alarms.create")).toContainEqual([WATCHDOG_ALARM, { periodInMinutes: 0.5 }]);
    await signIn(t);
    t.workers.created[0]?.emit("disconnected", { message: "socket closed" });
    await flush();
    expect((await t.view()).connection.status).toBe("reconnecting");
  });
});

describe("createBackground's stores (stores.ts)", () => {
  const ADA = "ada.lovelace@chhj.com";
  const GRACE = "grace.hopper@chhj.com";
  const named = (clientData: unknown) =>
    (Object.keys(STORES) as StoreName[]).filter((name) => STORES[name].clientData === clientData);

  /** Ada signed in, a lead popped into a new tab, unsaved edits reported from it: every store written. */
  async function withClients(tokens?: (nowMs: number) => TokenReply[]) {
    const t = await setUp(tokens);
    const worker = await signIn(t);
    const lead = offer(
      worker,
      1,
      { type: "weblead", lead_id: "L-7", name: "Pat Client", phone: "6175550123" },
      t.timers.nowMs,
    );
    await flush();
    lead.move("accepted", "accepted");
    await flush();
    const popped = t.fake.tabs.find((tab) => tab.url === `${HUNKWARE}/leads/L-7`);
    ok(
      await t.background.onMessage(
        {
          type: "hunkware-draft",
          url: `${HUNKWARE}/leads/L-7`,
          title: "Lead L-7",
          fields: [{ key: "notes", label: "Notes", value: "Pat Client prefers mornings" }],
        },
        hunkwareSender(popped?.id as number, `${HUNKWARE}/leads/L-7`),
      ),
    );
    // The Flex page's halves leave their key for an update (src/features/transfer-guard/).
    ok(
      await t.background.onMessage(
        { type: "flex-page-key", key: "c".repeat(64) },
        { ...flexSender, frameId: 0, documentId: "DOC-1" },
      ),
    );
    // An update Chrome downloaded mid-review: kept until it can be applied.
    t.background.onUpdateAvailable("1.0.1");
    await flush();
    return t;
  }

  it("applies an update Chrome downloaded only once no offer, review or call is left, saying so meanwhile", async () => {
    const t = await withClients();
    expect((await t.view()).update).toEqual({ version: "1.0.1", waitingFor: "the review" });
    expect(t.fake.browser.runtime.reload).not.toHaveBeenCalled();
    const lead = t.workers.created.at(-1)?.reservations.get(WR(1)) as FakeReservation | undefined;
    if (!lead) throw new Error("no reservation");
    lead.move("wrapup", "wrapping");
    await flush();
    expect(t.fake.browser.runtime.reload).toHaveBeenCalledTimes(1);
    expect((await t.view()).update).toEqual({ version: "1.0.1", waitingFor: null });
  });

  it("reads back every value the worker wrote, through its schema, without a warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = await withClients();
    const stores = openStores(t.fake.browser.storage);
    // Not the options page's, nor the retired callback memory key (never written, only deleted).
    const written = (Object.keys(STORES) as StoreName[]).filter(
      (name) => name !== "options" && name !== "callbackMemoryKey",
    );
    for (const name of written) expect(await stores[name].load(), name).not.toBeNull();
    expect(warn.mock.calls.filter(([line]) => String(line).includes("not in the shape"))).toEqual([]);
    warn.mockRestore();
  });

  it('clears every store kept "until-sign-out" when the agent signs out, views and memory alike', async () => {
    const t = await withClients();
    const cleared = named("until-sign-out");
    expect(cleared.length).toBeGreaterThan(0);
    for (const name of cleared)
      expect(t.fake.areas[STORES[name].area], name).toHaveProperty(STORES[name].key);

    ok(await t.background.onMessage({ type: "flex-signed-out" }, flexSender));
    await flush();
    for (const name of cleared)
      expect(t.fake.areas[STORES[name].area], name).not.toHaveProperty(STORES[name].key);
    const view = await t.view();
    expect([view.reservations, view.history, view.keptDrafts]).toEqual([[], [], []]);
    // The popped page connects again: the pop is forgotten in memory as well.
    const popped = t.fake.tabs.find((tab) => tab.url === `${HUNKWARE}/leads/L-7`);
    const fills = connectPage(t.background, hunkwareSender(popped?.id as number, `${HUNKWARE}/leads/L-7`));
    expect(await fills()).toEqual([{ type: "fill", reservationSid: null, fill: [] }]);
  });

  it('keeps the stores kept "until-another-agent" through a sign-out, and wipes them when another agent signs in', async () => {
    const t = await withClients((nowMs) => [
      okToken("worker-jwt", nowMs + 3_600_000, ADA),
      okToken("worker-jwt-2", nowMs + 3_600_000, GRACE),
    ]);
    const kept = named("until-another-agent");
    expect(kept.length).toBeGreaterThan(0);
    const stored = () =>
      JSON.stringify(kept.map((name) => t.fake.areas[STORES[name].area][STORES[name].key]));
    // Remembered after the pop, once WebCrypto has hashed the number.
    await vi.waitFor(() => expect(stored()).toContain("L-7"));

    ok(await t.background.onMessage({ type: "flex-signed-out" }, flexSender));
    await flush();
    expect(stored()).toContain("L-7");

    const token = `${"c".repeat(20)}.${"d".repeat(20)}`;
    ok(await t.background.onMessage({ type: "flex-token", token, expiresAtMs: null }, flexSender));
    await flush();
    expect((await t.view()).connection.identity).toBe(GRACE);
    expect(stored()).not.toContain("L-7");
    expect(stored()).toContain(GRACE);
  });

  it("hashes the callback memory's numbers with the agent's callbackKey from the token service, and keeps no key on disk", async () => {
    const callbackKey = Buffer.alloc(32, 7).toString("base64url");
    const t = await withClients((nowMs) => {
      const reply = okToken("worker-jwt", nowMs + 3_600_000, ADA);
      Object.assign(reply.body, { callbackKey });
      return [reply];
    });
    const hash = createHmac("sha256", Buffer.alloc(32, 7)).update("6175550123").digest("hex");
    await vi.waitFor(() =>
      expect(t.fake.areas.local[STORES.callbackMemory.key]).toMatchObject({ leads: [{ numberKey: hash }] }),
    );
    expect(t.fake.areas.local).not.toHaveProperty(STORES.callbackMemoryKey.key);
    expect(t.fake.areas.session).not.toHaveProperty(STORES.callbackSessionKey.key);
    expect(JSON.stringify(t.fake.areas.local)).not.toContain(callbackKey);
  });
});
