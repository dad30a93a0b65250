import { describe, expect, it } from "vitest";
import { AgentConnection, type ConnectionView } from "../../../src/background/agent-connection.ts";
import {
  type FakeWorker,
  fakeTokenService,
  fakeWorkerFactory,
  flush,
  ManualTimers,
  memorySecrets,
  okToken,
  type TokenReply,
} from "./fakes.ts";

const TOKEN_URL = "http://127.0.0.1:9/token";
const FLEX_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2ln";

function setup(replies: TokenReply[], secrets = memorySecrets()) {
  const timers = new ManualTimers();
  const service = fakeTokenService(replies);
  const workers = fakeWorkerFactory();
  const views: ConnectionView[] = [];
  const agentChanges: Array<[string | null, string]> = [];
  const signedOut: string[] = [];
  const connection = new AgentConnection({
    fetch: service.fetch,
    rules: { allowLoopbackHttp: false },
    createWorker: workers.create,
    now: () => timers.nowMs,
    timers,
    secrets,
    publish: (view) => views.push(view),
    agentChanged: (previous, next) => agentChanges.push([previous, next]),
    signedOut: (reason) => signedOut.push(reason),
  });
  const status = () => connection.view().connection.status;
  const worker = (i = 0) => workers.created[i] as FakeWorker;
  return { timers, service, workers, views, connection, status, worker, secrets, agentChanges, signedOut };
}

describe("AgentConnection", () => {
  it("is not configured without a token service", async () => {
    const t = setup([]);
    await t.connection.start(null);
    expect(t.status()).toBe("not-configured");
    expect(t.connection.view().connection.detail).toMatch(/tokenUrl/);
  });

  it("waits for Flex until a Flex token arrives", async () => {
    const t = setup([]);
    await t.connection.start(TOKEN_URL);
    expect(t.status()).toBe("waiting-for-flex");
    expect(t.service.requests).toHaveLength(0);
  });

  it("signs in with the Flex token and connects without disturbing Flex's session", async () => {
    const t = setup([okToken("worker-1", Date.now() + 3_600_000)]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    expect(t.service.requests).toEqual([{ url: TOKEN_URL, body: { flexToken: FLEX_TOKEN } }]);
    expect(t.status()).toBe("signing-in");
    expect(t.worker().options).toMatchObject({
      closeExistingSessions: false,
      setWorkerOfflineIfDisconnected: false,
      ebServer: "https://event-bridge.twilio.com/v1/wschannels",
      wsServer: "wss://event-bridge.twilio.com/v1/wschannels",
    });
    expect(t.worker().options).not.toHaveProperty("connectActivitySid");
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");
    expect(t.connection.view().activity?.name).toBe("Unavailable");
    expect(t.connection.view().connection.identity).toBe("ada.lovelace@chhj.com");
  });

  it("says why when Flex hands over a token it cannot take, and keeps a live connection", async () => {
    const t = setup([okToken("worker-1", Date.now() + 3_600_000)]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    t.connection.flexTokenUnusable("the Flex token is longer than 8000 characters");
    expect(t.status()).toBe("waiting-for-flex");
    expect(t.connection.view().connection.detail).toMatch(
      /^Flex handed over a sign-in token HunkBridge cannot use \(the Flex token is longer than 8000 characters\)/,
    );
    expect(t.views.at(-1)?.connection.detail).toMatch(/cannot use/);
    expect(t.service.requests).toHaveLength(0);
    // The watchdog's resume keeps the reason: the agent is still stuck for the same cause.
    await t.connection.resume();
    expect(t.status()).toBe("waiting-for-flex");
    expect(t.connection.view().connection.detail).toMatch(/cannot use/);

    // A good token later signs in as usual; a bad one after that leaves the connection alone.
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    t.connection.flexTokenUnusable("the Flex token is not text");
    expect(t.status()).toBe("connected");
    expect(t.connection.view().connection.detail).toBeNull();
  });

  it("reconnects as another agent at once when they sign in to Flex in the same browser", async () => {
    const expires = Date.now() + 3_600_000;
    const t = setup([
      okToken("worker-ada", expires),
      okToken("worker-grace", expires, "grace.hopper@chhj.com"),
      okToken("worker-grace-2", expires, "grace.hopper@chhj.com"),
    ]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker(0).emit("ready", t.worker(0));
    expect(t.agentChanges).toEqual([[null, "ada.lovelace@chhj.com"]]);

    // Grace signs in to Flex: her token is exchanged now, not at the next refresh an hour later.
    await t.connection.flexToken(`${FLEX_TOKEN}-grace`, null);
    expect(t.service.requests).toHaveLength(2);
    expect(t.worker(0).disconnected).toBe(true);
    expect(t.workers.created).toHaveLength(2);
    t.worker(1).emit("ready", t.worker(1));
    expect(t.status()).toBe("connected");
    expect(t.connection.view().connection.identity).toBe("grace.hopper@chhj.com");
    expect(t.agentChanges).toEqual([
      [null, "ada.lovelace@chhj.com"],
      ["ada.lovelace@chhj.com", "grace.hopper@chhj.com"],
    ]);

    // Flex renewing Grace's own token keeps her connection: same agent, new token.
    await t.connection.flexToken(`${FLEX_TOKEN}-grace-renewed`, null);
    expect(t.workers.created).toHaveLength(2);
    expect(t.worker(1).disconnected).toBe(false);
    expect(t.agentChanges).toHaveLength(2);
  });

  it("keeps a connected agent's connection and data when their new token is refused, and says why", async () => {
    const t = setup([
      okToken("worker-1", Date.now() + 3_600_000),
      { status: 401, body: { message: "nope" } },
    ]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    await t.connection.flexToken(`${FLEX_TOKEN}-next`, null);
    expect(t.status()).toBe("connected");
    expect(t.worker().disconnected).toBe(false);
    expect(t.signedOut).toEqual([]);
    expect(t.connection.view().connection.detail).toMatch(/refused your Flex sign-in \(HTTP 401\)/);
    const retryIn = t.timers.pending()[0] as number;
    expect(retryIn).toBeGreaterThanOrEqual(120_000);
    expect(retryIn).toBeLessThanOrEqual(132_000);
  });

  it("shows a refusal with its reason, and asks again with the same token only on the slow schedule", async () => {
    const t = setup([{ status: 401, body: { message: "nope" } }, okToken("worker-1", 1_700_003_600_000)]);
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    expect(t.status()).toBe("refused");
    expect(t.connection.view().connection.detail).toMatch(/refused/);
    expect(t.signedOut).toEqual([]);
    await t.connection.resume();
    await t.connection.flexToken(FLEX_TOKEN, null);
    expect(t.service.requests).toHaveLength(1);
    const retryIn = t.timers.pending()[0] as number;
    expect(retryIn).toBeGreaterThanOrEqual(120_000);
    await t.timers.runNext();
    expect(t.service.requests).toHaveLength(2);
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");
  });

  it("backs off while the token service is down, then connects", async () => {
    const t = setup([{ status: 503 }, new Error("ECONNREFUSED"), okToken("worker-1", 1_700_003_600_000)]);
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    expect(t.status()).toBe("token-service-down");
    expect(t.connection.view().connection.detail).toMatch(/503/);
    const first = t.timers.pending()[0] as number;
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1_000);
    expect(t.connection.view().connection.retryAtMs).toBe(t.timers.nowMs + first);
    await t.timers.runNext();
    expect(t.status()).toBe("token-service-down");
    expect(t.connection.view().connection.detail).toMatch(/ECONNREFUSED/);
    const second = t.timers.pending()[0] as number;
    expect(second).toBeGreaterThanOrEqual(1_000);
    expect(second).toBeLessThanOrEqual(2_000);
    await t.timers.runNext();
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");
    expect(t.connection.view().connection.retryAtMs).toBeNull();
  });

  it("refreshes the token before it expires and on tokenExpired, on the same connection", async () => {
    const t = setup([
      okToken("worker-1", 1_700_000_000_000 + 600_000),
      okToken("worker-2", 1_700_000_000_000 + 1_200_000),
      okToken("worker-3", 1_700_000_000_000 + 1_800_000),
    ]);
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    // Refresh a minute before the 10-minute token expires.
    expect(t.timers.pending()).toEqual([540_000]);
    await t.timers.runNext();
    expect(t.worker().tokens).toEqual(["worker-1", "worker-2"]);
    t.worker().emit("tokenExpired");
    await flush();
    expect(t.worker().tokens).toEqual(["worker-1", "worker-2", "worker-3"]);
    expect(t.workers.created).toHaveLength(1);
    expect(t.status()).toBe("connected");
  });

  it("shows reconnecting while the SDK reconnects by itself", async () => {
    const t = setup([okToken("worker-1", Date.now() + 3_600_000)]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    t.worker().emit("disconnected", { message: "Connection lost" });
    expect(t.status()).toBe("reconnecting");
    expect(t.connection.view().connection.detail).toBe("Connection lost");
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");
    expect(t.workers.created).toHaveLength(1);
  });

  it("restores the connection after the service worker restarted, without asking Flex again", async () => {
    const secrets = memorySecrets({
      flexToken: FLEX_TOKEN,
      flexExpiresAtMs: null,
      agent: "ada.lovelace@chhj.com",
      backoff: null,
      worker: {
        token: "worker-1",
        identity: "ada.lovelace@chhj.com",
        expiresAtMs: Date.now() + 3_600_000,
        eventBridge: null,
        callbackKey: null,
      },
    });
    const t = setup([], secrets);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    expect(t.service.requests).toHaveLength(0);
    expect(t.worker().tokens).toEqual(["worker-1"]);
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");
  });

  it("sets the agent Available through the worker connection", async () => {
    const t = setup([okToken("worker-1", Date.now() + 3_600_000)]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await expect(t.connection.setAvailable()).rejects.toThrow(/not connected/);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    await t.connection.setAvailable();
    expect(t.connection.view().activity).toMatchObject({ name: "Available", available: true });
  });

  it("closes the old connection when the token service URL changes", async () => {
    const t = setup([okToken("worker-1", Date.now() + 3_600_000)]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    await t.connection.configure("http://127.0.0.1:10/token");
    expect(t.worker(0).disconnected).toBe(true);
    expect(t.service.requests.map((r) => r.url)).toEqual([TOKEN_URL, "http://127.0.0.1:10/token"]);
  });
});

describe("AgentConnection.signOut: the agent signed out of Flex or closed it for good", () => {
  it("closes the connection, forgets both tokens and the clients' data, and says why", async () => {
    const t = setup([
      okToken("worker-1", Date.now() + 3_600_000),
      okToken("worker-1", Date.now() + 3_600_000),
    ]);
    t.timers.nowMs = Date.now();
    await t.connection.start(TOKEN_URL);
    await t.connection.flexToken(FLEX_TOKEN, null);
    t.worker().emit("ready", t.worker());
    expect(t.status()).toBe("connected");

    await t.connection.signOut("You signed out of Flex");
    expect(t.worker().disconnected).toBe(true);
    expect(t.status()).toBe("waiting-for-flex");
    expect(t.connection.view().connection.detail).toBe(
      "You signed out of Flex. Sign in to Flex to take calls again.",
    );
    expect(t.connection.view().activity).toBeNull();
    expect(t.signedOut).toEqual(["You signed out of Flex"]);
    const kept = await t.secrets.load();
    expect(kept).toMatchObject({ flexToken: null, worker: null });

    // The watchdog finds nothing to resume with; a Flex token handed over later signs in again.
    await t.connection.resume();
    expect(t.status()).toBe("waiting-for-flex");
    expect(t.service.requests).toHaveLength(1);
    await t.connection.flexToken(FLEX_TOKEN, null);
    expect(t.service.requests).toHaveLength(2);
    expect(t.workers.created).toHaveLength(2);
  });

  it("does nothing when nobody is signed in (Flex never opened)", async () => {
    const t = setup([]);
    await t.connection.start(TOKEN_URL);
    const published = t.views.length;
    await t.connection.signOut("Flex has been closed for a while");
    expect(t.signedOut).toEqual([]);
    expect(t.views).toHaveLength(published);
    expect(t.connection.view().connection.detail).toBe("open Flex and sign in");
  });
});
