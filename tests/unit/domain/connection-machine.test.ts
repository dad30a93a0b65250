import { describe, expect, it } from "vitest";
import { reduceConnection } from "../../../src/domain/connection-machine.ts";
import {
  type Backoff,
  type ConnectionEvent,
  type ConnectionState,
  connectionView,
  INITIAL_CONNECTION,
  type OpenWorker,
  type PhaseName,
  type Secrets,
  type WorkerToken,
} from "../../../src/domain/connection-state.ts";

const NOW = 1_700_000_000_000;
const URL = "https://tokens.example/token";
const FLEX = "flex-1";
/** Jitter in the middle: backoffDelayMs(n) is then 3/4 of its ceiling (750 ms, 1 500 ms, …). */
const HALF = () => 0.5;

const ADA: WorkerToken = {
  token: "wt-ada",
  identity: "ada@chhj.com",
  expiresAtMs: NOW + 600_000,
  eventBridge: null,
  callbackKey: null,
};
const GRACE: WorkerToken = { ...ADA, token: "wt-grace", identity: "grace@chhj.com" };
const OFFLINE = { sid: "WA0", name: "Offline", available: false };
const AVAILABLE = { sid: "WA1", name: "Available", available: true };
const LIVE: OpenWorker = { activity: OFFLINE, activities: [OFFLINE, AVAILABLE], retryAtMs: null };
const FRESH: OpenWorker = { activity: null, activities: [], retryAtMs: null };

const NO_SECRETS: Secrets = {
  flexToken: null,
  flexExpiresAtMs: null,
  worker: null,
  agent: null,
  backoff: null,
};
const FLEX_ONLY: Secrets = { ...NO_SECRETS, flexToken: FLEX };
const SIGNED_IN: Secrets = { ...FLEX_ONLY, worker: ADA, agent: ADA.identity };
/** The slow retry of a refusal with the jitter in the middle: 2 min + 5 %. */
const REFUSED_AT = NOW + 126_000;
const REFUSED: Backoff = { failure: "refused", reason: "refused", attempts: 1, retryAtMs: REFUSED_AT };
const DOWN: Backoff = { failure: "down", reason: "HTTP 503", attempts: 1, retryAtMs: NOW + 750 };

const configured = (secrets: Secrets, phase: ConnectionState["phase"]): ConnectionState => ({
  ...INITIAL_CONNECTION,
  tokenUrl: URL,
  secrets,
  phase,
});

/** One consistent state in each phase, as the machine itself reaches it. */
const IN: Record<PhaseName, ConnectionState> = {
  "not-configured": INITIAL_CONNECTION,
  "waiting-for-flex": configured(NO_SECRETS, { name: "waiting-for-flex", detail: "open Flex and sign in" }),
  "signing-in": { ...configured(FLEX_ONLY, { name: "signing-in" }), exchanging: true },
  opening: configured(SIGNED_IN, { name: "opening", worker: FRESH }),
  connected: configured(SIGNED_IN, { name: "connected", worker: LIVE }),
  reconnecting: configured(SIGNED_IN, { name: "reconnecting", worker: LIVE, reason: "Connection lost" }),
  refused: configured(
    { ...FLEX_ONLY, agent: ADA.identity, backoff: REFUSED },
    { name: "refused", reason: "refused", retryAtMs: REFUSED_AT },
  ),
  "token-service-down": configured(
    { ...FLEX_ONLY, backoff: DOWN },
    { name: "token-service-down", reason: "HTTP 503", retryAtMs: NOW + 750 },
  ),
};
const PHASES = Object.keys(IN) as PhaseName[];
const WORKER_PHASES: PhaseName[] = ["opening", "connected", "reconnecting"];

const EVENT: { [T in ConnectionEvent["type"]]: Extract<ConnectionEvent, { type: T }> } = {
  restored: { type: "restored", secrets: SIGNED_IN },
  configured: { type: "configured", tokenUrl: URL },
  "flex-token": { type: "flex-token", token: FLEX, expiresAtMs: null },
  "flex-token-unusable": { type: "flex-token-unusable", reason: "not text" },
  "signed-out": { type: "signed-out", reason: "You signed out of Flex" },
  resume: { type: "resume" },
  retry: { type: "retry" },
  exchanged: { type: "exchanged", tokenUrl: URL, flexToken: FLEX, outcome: { kind: "ok", worker: ADA } },
  "timer-fired": { type: "timer-fired" },
  "worker-ready": { type: "worker-ready", activities: LIVE.activities, activity: AVAILABLE },
  "activity-changed": { type: "activity-changed", activity: AVAILABLE },
  "worker-disconnected": { type: "worker-disconnected", reason: "Connection lost" },
  "token-expired": { type: "token-expired" },
};

function reduce(state: ConnectionState, event: ConnectionEvent, nowMs = NOW) {
  return reduceConnection(state, event, nowMs, HALF);
}

const exchange = (tokenUrl = URL, flexToken = FLEX) => ({ type: "exchange", tokenUrl, flexToken });
const save = (secrets: Secrets) => ({ type: "save-secrets", secrets });
const PUBLISH = { type: "publish" };
const CLEAR_TIMER = { type: "clear-timer" };
const CLOSE_WORKER = { type: "close-worker" };
/** A 10-minute worker token is refreshed a minute before it expires. */
const REFRESH = { type: "set-timer", atMs: NOW + 540_000 };

describe("reduceConnection: events a phase ignores", () => {
  const ignored = PHASES.flatMap((phase) => [
    ...(phase === "not-configured" ? [] : [[phase, "restored"] as const]),
    ...(WORKER_PHASES.includes(phase)
      ? []
      : (["worker-ready", "activity-changed", "worker-disconnected", "token-expired"] as const).map(
          (type) => [phase, type] as const,
        )),
  ]);

  it.each(ignored)("%s ignores %s: the same state, no effects", (phase, type) => {
    const state = IN[phase];
    expect(reduce(state, EVENT[type])).toEqual({ state, effects: [] });
    expect(reduce(state, EVENT[type]).state).toBe(state);
  });
});

describe("reduceConnection: start and configuration", () => {
  it("restores saved secrets, giving secrets saved before `agent` existed the worker token's agent", () => {
    const legacy = { ...SIGNED_IN, agent: undefined } as unknown as Secrets;
    const { state, effects } = reduce(INITIAL_CONNECTION, { type: "restored", secrets: legacy });
    expect(state.secrets).toEqual(SIGNED_IN);
    expect(effects).toEqual([]);
    expect(reduce(INITIAL_CONNECTION, { type: "restored", secrets: null }).state).toBe(INITIAL_CONNECTION);
  });

  it("is not configured without a token service", () => {
    const { state, effects } = reduce(INITIAL_CONNECTION, { type: "configured", tokenUrl: null });
    expect(state.phase).toEqual({ name: "not-configured" });
    expect(effects).toEqual([PUBLISH]);
  });

  it("waits for Flex with a token service but no tokens", () => {
    const { state, effects } = reduce(INITIAL_CONNECTION, EVENT.configured);
    expect(state).toEqual(IN["waiting-for-flex"]);
    expect(effects).toEqual([PUBLISH]);
  });

  it("reopens the worker from a stored token without asking the token service", () => {
    const restored = { ...INITIAL_CONNECTION, secrets: SIGNED_IN };
    const { state, effects } = reduce(restored, EVENT.configured);
    expect(state).toEqual(IN.opening);
    expect(effects).toEqual([PUBLISH, { type: "open-worker", token: ADA }, REFRESH]);
  });

  it("exchanges the Flex token instead when the stored worker token has less than 30 s left", () => {
    const restored = { ...INITIAL_CONNECTION, secrets: SIGNED_IN };
    const { state, effects } = reduce(restored, EVENT.configured, ADA.expiresAtMs - 30_000);
    expect(state.phase).toEqual({ name: "signing-in" });
    expect(effects).toEqual([CLEAR_TIMER, PUBLISH, exchange()]);
  });

  it("ignores the same token service URL once configured", () => {
    expect(reduce(IN.connected, EVENT.configured).state).toBe(IN.connected);
  });

  it("drops the old service's worker token and connection when the URL changes, and signs in again", () => {
    const next = "https://other.example/token";
    const { state, effects } = reduce(IN.connected, { type: "configured", tokenUrl: next });
    const secrets = { ...SIGNED_IN, worker: null };
    expect(state).toEqual({
      ...IN.connected,
      tokenUrl: next,
      secrets,
      exchanging: true,
      phase: { name: "signing-in" },
    });
    expect(effects).toEqual([CLEAR_TIMER, CLOSE_WORKER, save(secrets), CLEAR_TIMER, PUBLISH, exchange(next)]);
  });

  it("closes the connection when the token service URL is removed", () => {
    const { state, effects } = reduce(IN.connected, { type: "configured", tokenUrl: null });
    expect(state.phase).toEqual({ name: "not-configured" });
    expect(effects).toEqual([CLEAR_TIMER, CLOSE_WORKER, save({ ...SIGNED_IN, worker: null }), PUBLISH]);
  });
});

describe("reduceConnection: Flex tokens", () => {
  const NEW = { type: "flex-token", token: "flex-2", expiresAtMs: NOW + 3_600_000 } as const;
  const saved = (secrets: Secrets) =>
    save({ ...secrets, flexToken: "flex-2", flexExpiresAtMs: NOW + 3_600_000 });

  it("exchanges a new token at once, forgetting why an earlier one was unusable", () => {
    const failing = { ...NO_SECRETS, backoff: { ...DOWN, attempts: 2 } };
    const before = { ...IN["waiting-for-flex"], secrets: failing, unusableFlexToken: "bad" };
    const { state, effects } = reduce(before, NEW);
    expect(state).toMatchObject({ unusableFlexToken: null, exchanging: true, secrets: { backoff: null } });
    expect(state.phase).toEqual({ name: "signing-in" });
    expect(effects).toEqual([saved(NO_SECRETS), CLEAR_TIMER, PUBLISH, exchange(URL, "flex-2")]);
  });

  it("exchanges a new token while connected, keeping the connection meanwhile", () => {
    const { state, effects } = reduce(IN.connected, NEW);
    expect(state.phase).toBe(IN.connected.phase);
    expect(effects).toEqual([saved(SIGNED_IN), CLEAR_TIMER, exchange(URL, "flex-2")]);
  });

  it("lets a new token wait for the exchange in flight, which asks again with it", () => {
    const { state, effects } = reduce(IN["signing-in"], NEW);
    expect(state.exchanging).toBe(true);
    expect(effects).toEqual([saved(FLEX_ONLY), { type: "join-exchange" }]);
  });

  it.each(["signing-in", "opening", "connected", "reconnecting"] as const)(
    "only saves a token it already has while %s",
    (phase) => {
      const { state, effects } = reduce(IN[phase], EVENT["flex-token"]);
      expect(state.phase).toBe(IN[phase].phase);
      expect(effects).toEqual([save(IN[phase].secrets)]);
    },
  );

  it.each(["refused", "token-service-down"] as const)(
    "waits out the backoff with the same token while %s, and asks once it is due",
    (phase) => {
      const { state, effects } = reduce(IN[phase], EVENT["flex-token"]);
      const retryAtMs = IN[phase].secrets.backoff?.retryAtMs as number;
      expect(state.phase).toEqual(IN[phase].phase);
      expect(effects).toEqual([save(IN[phase].secrets), { type: "set-timer", atMs: retryAtMs }, PUBLISH]);
      const due = reduce(IN[phase], EVENT["flex-token"], retryAtMs);
      expect(due.state.phase).toEqual({ name: "signing-in" });
      expect(due.effects).toEqual([save(IN[phase].secrets), CLEAR_TIMER, PUBLISH, exchange()]);
    },
  );

  const UNUSABLE = /^Flex handed over a sign-in token HunkBridge cannot use \(not text\)\. Reload Flex/;

  it.each(["waiting-for-flex", "refused", "token-service-down"] as const)(
    "says why an unusable token came while %s",
    (phase) => {
      const { state, effects } = reduce(IN[phase], EVENT["flex-token-unusable"]);
      expect(state.phase).toEqual({ name: "waiting-for-flex", detail: expect.stringMatching(UNUSABLE) });
      expect(effects).toEqual([{ type: "log", line: expect.stringMatching(/not taken: not text/) }, PUBLISH]);
      // The watchdog's resume keeps the reason: the agent is still stuck for the same cause.
      const resumed = reduce({ ...state, secrets: NO_SECRETS }, EVENT.resume).state;
      expect(resumed.phase).toEqual(state.phase);
    },
  );

  it.each(["not-configured", "signing-in", "opening", "connected", "reconnecting"] as const)(
    "only notes an unusable token while %s",
    (phase) => {
      const { state, effects } = reduce(IN[phase], EVENT["flex-token-unusable"]);
      expect(state).toEqual({ ...IN[phase], unusableFlexToken: expect.stringMatching(UNUSABLE) });
      expect(effects).toEqual([{ type: "log", line: expect.stringMatching(/not taken/) }]);
    },
  );
});

describe("reduceConnection: signing out", () => {
  const cleared = { ...NO_SECRETS, agent: ADA.identity };
  const LOG = { type: "log", line: "signed out: You signed out of Flex" };
  const SIGNED_OUT = { type: "signed-out", reason: "You signed out of Flex" };

  it("closes the connection and forgets both tokens, keeping whose data this was", () => {
    const { state, effects } = reduce(IN.connected, EVENT["signed-out"]);
    expect(state.secrets).toEqual(cleared);
    expect(state.phase).toEqual({
      name: "waiting-for-flex",
      detail: "You signed out of Flex. Sign in to Flex to take calls again.",
    });
    expect(effects).toEqual([LOG, CLEAR_TIMER, CLOSE_WORKER, save(cleared), SIGNED_OUT, PUBLISH]);
  });

  it("cancels a pending retry when signed out while the token service is down", () => {
    const { effects } = reduce(IN["token-service-down"], EVENT["signed-out"]);
    expect(effects).toEqual([LOG, CLEAR_TIMER, save(NO_SECRETS), SIGNED_OUT, PUBLISH]);
  });

  it.each(["not-configured", "waiting-for-flex"] as const)(
    "does nothing when nobody is signed in (%s)",
    (phase) => {
      expect(reduce(IN[phase], EVENT["signed-out"])).toEqual({ state: IN[phase], effects: [] });
    },
  );
});

describe("reduceConnection: resume and retry", () => {
  it.each(WORKER_PHASES)("resume leaves %s as it is", (phase) => {
    expect(reduce(IN[phase], EVENT.resume)).toEqual({ state: IN[phase], effects: [] });
  });

  it.each(["refused", "token-service-down"] as const)(
    "the watchdog's resume never asks before the backoff's time while %s: it re-arms the timer",
    (phase) => {
      const retryAtMs = IN[phase].secrets.backoff?.retryAtMs as number;
      const early = reduce(IN[phase], EVENT.resume, retryAtMs - 1);
      expect(early.state).toEqual(IN[phase]);
      expect(early.effects).toEqual([{ type: "set-timer", atMs: retryAtMs }, PUBLISH]);
      const due = reduce(IN[phase], EVENT.resume, retryAtMs);
      expect(due.state).toMatchObject({ exchanging: true, phase: { name: "signing-in" } });
      expect(due.effects).toEqual([CLEAR_TIMER, PUBLISH, exchange()]);
    },
  );

  it("resume re-publishes waiting for Flex when there is nothing to sign in with", () => {
    expect(reduce(IN["waiting-for-flex"], EVENT.resume)).toEqual({
      state: IN["waiting-for-flex"],
      effects: [PUBLISH],
    });
  });

  it.each(["refused", "token-service-down"] as const)(
    "the agent's retry asks at once from %s, keeping the count of failures for the next backoff",
    (phase) => {
      const { state, effects } = reduce(IN[phase], EVENT.retry);
      expect(state).toMatchObject({ exchanging: true, phase: { name: "signing-in" } });
      expect(state.secrets.backoff?.attempts).toBe(1);
      expect(effects).toEqual([CLEAR_TIMER, PUBLISH, exchange()]);
    },
  );

  it("retry while connected changes nothing", () => {
    expect(reduce(IN.connected, EVENT.retry)).toEqual({ state: IN.connected, effects: [] });
  });
});

describe("reduceConnection: the token service's answer", () => {
  const answer = (outcome: Extract<ConnectionEvent, { type: "exchanged" }>["outcome"], flexToken = FLEX) =>
    ({ type: "exchanged", tokenUrl: URL, flexToken, outcome }) as const;
  const refreshing = { ...IN.connected, exchanging: true };

  it("opens the first agent's worker, saying whose data this session now holds", () => {
    const { state, effects } = reduce(IN["signing-in"], answer({ kind: "ok", worker: ADA }));
    expect(state).toEqual(IN.opening);
    expect(effects).toEqual([
      save(SIGNED_IN),
      { type: "agent-changed", previous: null, next: ADA.identity },
      CLEAR_TIMER,
      PUBLISH,
      { type: "open-worker", token: ADA },
      REFRESH,
    ]);
  });

  it("renews the same agent's token on the open connection", () => {
    const renewed = { ...ADA, token: "wt-ada-2", expiresAtMs: NOW + 1_200_000 };
    const down = {
      ...refreshing,
      phase: { name: "connected", worker: { ...LIVE, retryAtMs: NOW + 750 } },
    } as const;
    const failing = { ...down, secrets: { ...SIGNED_IN, backoff: DOWN } };
    const { state, effects } = reduce(failing, answer({ kind: "ok", worker: renewed }));
    expect(state).toEqual({ ...IN.connected, secrets: { ...SIGNED_IN, worker: renewed } });
    expect(effects).toEqual([
      save({ ...SIGNED_IN, worker: renewed }),
      { type: "update-token", token: "wt-ada-2" },
      { type: "set-timer", atMs: NOW + 1_140_000 },
      PUBLISH,
    ]);
  });

  it("replaces the connection when another agent signed in to Flex, forgetting the previous agent first", () => {
    const { state, effects } = reduce(refreshing, answer({ kind: "ok", worker: GRACE }));
    expect(state).toEqual({ ...IN.opening, secrets: { ...SIGNED_IN, worker: GRACE, agent: GRACE.identity } });
    expect(effects).toEqual([
      save({ ...SIGNED_IN, worker: GRACE, agent: GRACE.identity }),
      { type: "agent-changed", previous: ADA.identity, next: GRACE.identity },
      CLEAR_TIMER,
      CLOSE_WORKER,
      PUBLISH,
      { type: "open-worker", token: GRACE },
      { type: "set-timer", atMs: NOW + 540_000 },
    ]);
  });

  const failed = (failure: Backoff["failure"], reason: string, retryAfterMs: number | null = null) =>
    answer({ kind: "failed", failure, reason, retryAfterMs });

  it("keeps the agent's session and live connection on a refusal, and asks again in 2 minutes", () => {
    const { state, effects } = reduce(refreshing, failed("refused", "refused"));
    const secrets = { ...SIGNED_IN, backoff: REFUSED };
    expect(state).toEqual({
      ...IN.connected,
      secrets,
      phase: { name: "connected", worker: { ...LIVE, retryAtMs: REFUSED_AT } },
    });
    // No sign-out and no closed worker: the call in hand, its card and the drafts stay.
    expect(effects).toEqual([
      { type: "log", line: "token service refused (refused); retry in 126000 ms" },
      save(secrets),
      { type: "set-timer", atMs: REFUSED_AT },
      PUBLISH,
    ]);
  });

  it("shows a refusal without a live connection, with the time of the slow retry", () => {
    const { state, effects } = reduce(IN["signing-in"], failed("refused", "refused"));
    expect(state).toEqual({ ...IN.refused, secrets: { ...FLEX_ONLY, backoff: REFUSED } });
    expect(effects).toEqual([
      expect.objectContaining({ type: "log" }),
      save({ ...FLEX_ONLY, backoff: REFUSED }),
      { type: "set-timer", atMs: REFUSED_AT },
      PUBLISH,
    ]);
  });

  it("backs off while the token service is down: 750 ms, then 1 500 ms (half jitter)", () => {
    const first = reduce(IN["signing-in"], failed("down", "HTTP 503"));
    expect(first.state).toEqual({ ...IN["token-service-down"], exchanging: false });
    expect(first.effects).toEqual([
      { type: "log", line: "token service down (HTTP 503); retry in 750 ms" },
      save({ ...FLEX_ONLY, backoff: DOWN }),
      { type: "set-timer", atMs: NOW + 750 },
      PUBLISH,
    ]);
    const asking = reduce(first.state, EVENT["timer-fired"], NOW + 750).state;
    const second = reduce(asking, failed("down", "unreachable"), NOW + 750);
    expect(second.state).toMatchObject({
      secrets: { backoff: { attempts: 2 } },
      phase: { retryAtMs: NOW + 2_250, reason: "unreachable" },
    });
  });

  it("honours the service's Retry-After: neither the timer nor the watchdog asks before it", () => {
    const { state, effects } = reduce(IN["signing-in"], failed("down", "HTTP 503", 20_000));
    expect(state.phase).toEqual({ name: "token-service-down", reason: "HTTP 503", retryAtMs: NOW + 20_000 });
    expect(effects).toContainEqual({ type: "set-timer", atMs: NOW + 20_000 });
    for (const event of [EVENT.resume, EVENT["timer-fired"]]) {
      const early = reduce(state, event, NOW + 19_999);
      expect(early.effects).not.toContainEqual(exchange());
    }
    expect(reduce(state, EVENT["timer-fired"], NOW + 20_000).effects).toContainEqual(exchange());
  });

  it("never asks again with a token the service rejected as malformed or too large, until Flex renews it", () => {
    const { state, effects } = reduce(IN["signing-in"], failed("rejected", "HTTP 413"));
    expect(state.phase).toEqual({ name: "token-service-down", reason: "HTTP 413", retryAtMs: null });
    expect(effects).toEqual([
      expect.objectContaining({ type: "log" }),
      expect.anything(),
      CLEAR_TIMER,
      PUBLISH,
    ]);
    for (const event of [EVENT.resume, EVENT["timer-fired"], EVENT["flex-token"]]) {
      expect(reduce(state, event, NOW + 86_400_000).effects).not.toContainEqual(exchange());
    }
    const renewed = { type: "flex-token", token: "flex-2", expiresAtMs: null } as const;
    expect(reduce(state, renewed).effects).toContainEqual(exchange(URL, "flex-2"));
  });

  it("keeps waiting out the backoff after Chrome restarted the service worker", () => {
    const stored = { ...FLEX_ONLY, backoff: { ...DOWN, retryAtMs: NOW + 20_000 } };
    const restored = reduce(INITIAL_CONNECTION, { type: "restored", secrets: stored }).state;
    const early = reduce(restored, EVENT.configured, NOW + 1_000);
    expect(early.state.phase).toEqual({
      name: "token-service-down",
      reason: "HTTP 503",
      retryAtMs: NOW + 20_000,
    });
    expect(early.effects).toEqual([{ type: "set-timer", atMs: NOW + 20_000 }, PUBLISH]);
    expect(reduce(restored, EVENT.configured, NOW + 20_000).effects).toContainEqual(exchange());
  });

  it("keeps a live connection while the token service is down, showing when it retries", () => {
    const { state, effects } = reduce(refreshing, failed("down", "HTTP 503"));
    expect(state.phase).toEqual({ name: "connected", worker: { ...LIVE, retryAtMs: NOW + 750 } });
    expect(effects).toEqual([
      expect.objectContaining({ type: "log" }),
      save({ ...SIGNED_IN, backoff: DOWN }),
      { type: "set-timer", atMs: NOW + 750 },
      PUBLISH,
    ]);
  });

  it("asks again with the newer Flex token that arrived meanwhile", () => {
    const newer = { ...IN["signing-in"], secrets: { ...FLEX_ONLY, flexToken: "flex-2" } };
    const { state, effects } = reduce(newer, answer({ kind: "ok", worker: ADA }));
    expect(state.exchanging).toBe(true);
    expect(effects).toEqual([CLEAR_TIMER, PUBLISH, exchange(URL, "flex-2")]);
  });

  it("drops an answer that came after a sign-out: nothing to ask with", () => {
    const signedOut = reduce(IN["signing-in"], EVENT["signed-out"]).state;
    const { state, effects } = reduce(signedOut, answer({ kind: "ok", worker: ADA }));
    expect(state).toMatchObject({ exchanging: false, secrets: NO_SECRETS });
    expect(state.phase).toEqual({ name: "waiting-for-flex", detail: "open Flex and sign in" });
    expect(effects).toEqual([PUBLISH]);
  });

  it("asks the new token service when the URL changed meanwhile", () => {
    const moved = { ...IN["signing-in"], tokenUrl: "https://other.example/token" };
    const { effects } = reduce(moved, answer({ kind: "ok", worker: ADA }));
    expect(effects).toEqual([CLEAR_TIMER, PUBLISH, exchange("https://other.example/token")]);
  });
});

describe("reduceConnection: timers and the worker connection", () => {
  it("refreshes the worker token on the timer, on the same connection", () => {
    const { state, effects } = reduce(IN.connected, EVENT["timer-fired"]);
    expect(state).toEqual({ ...IN.connected, exchanging: true });
    expect(effects).toEqual([CLEAR_TIMER, exchange()]);
  });

  it("never refreshes sooner than a second from now", () => {
    const brief = { ...ADA, expiresAtMs: NOW + 500 };
    const { effects } = reduce(IN["signing-in"], {
      ...EVENT.exchanged,
      outcome: { kind: "ok", worker: brief },
    });
    expect(effects).toContainEqual({ type: "set-timer", atMs: NOW + 1_000 });
  });

  it("joins the exchange in flight instead of starting another", () => {
    expect(reduce(IN["signing-in"], EVENT["timer-fired"])).toEqual({
      state: IN["signing-in"],
      effects: [{ type: "join-exchange" }],
    });
  });

  it("signs in again when the worker token expired", () => {
    const { effects } = reduce(IN.reconnecting, EVENT["token-expired"]);
    expect(effects).toEqual([
      { type: "log", line: "worker token expired; signing in again" },
      CLEAR_TIMER,
      exchange(),
    ]);
  });

  it("closes the connection when its token expired before the backoff's time, and waits for it", () => {
    const failing = { ...IN.connected, secrets: { ...SIGNED_IN, backoff: DOWN } };
    const { state, effects } = reduce(failing, EVENT["token-expired"]);
    expect(state.phase).toEqual(IN["token-service-down"].phase);
    expect(effects).toEqual([
      expect.objectContaining({ type: "log" }),
      CLEAR_TIMER,
      CLOSE_WORKER,
      { type: "set-timer", atMs: NOW + 750 },
      PUBLISH,
    ]);
  });

  it.each(WORKER_PHASES)("is connected once the worker is ready (from %s)", (phase) => {
    const { state, effects } = reduce(IN[phase], EVENT["worker-ready"]);
    expect(state.phase).toEqual({ name: "connected", worker: { ...LIVE, activity: AVAILABLE } });
    expect(effects).toEqual([PUBLISH]);
  });

  it("follows the agent's activity", () => {
    const { state, effects } = reduce(IN.reconnecting, EVENT["activity-changed"]);
    expect(state.phase).toEqual({ ...IN.reconnecting.phase, worker: { ...LIVE, activity: AVAILABLE } });
    expect(effects).toEqual([PUBLISH]);
  });

  it("shows reconnecting, with why, while the SDK reconnects by itself", () => {
    const down = {
      ...IN.connected,
      phase: { name: "connected", worker: { ...LIVE, retryAtMs: NOW } },
    } as const;
    const { state, effects } = reduce(down, EVENT["worker-disconnected"]);
    expect(state.phase).toEqual({ name: "reconnecting", worker: LIVE, reason: "Connection lost" });
    expect(effects).toEqual([PUBLISH]);
  });
});

describe("connectionView: what the popup and the status chip show", () => {
  const view = (phase: PhaseName) => connectionView(IN[phase]);

  it.each([
    ["not-configured", "not-configured", "no token service is configured (tokenUrl)"],
    ["waiting-for-flex", "waiting-for-flex", "open Flex and sign in"],
    ["signing-in", "signing-in", null],
    ["opening", "signing-in", null],
    ["connected", "connected", null],
    ["reconnecting", "reconnecting", "Connection lost"],
    ["refused", "refused", "refused"],
    ["token-service-down", "token-service-down", "HTTP 503"],
  ] as const)("%s shows %s, with detail %s", (phase, status, detail) => {
    expect(view(phase).connection).toMatchObject({ status, detail });
  });

  it("names the signed-in agent and their activities only with an open worker connection", () => {
    expect(view("connected")).toEqual({
      connection: { status: "connected", detail: null, identity: ADA.identity, retryAtMs: null },
      activity: OFFLINE,
      activities: [OFFLINE, AVAILABLE],
    });
    expect(view("refused")).toMatchObject({ connection: { identity: null }, activity: null, activities: [] });
  });

  it("shows when the next try is, whether or not a connection is live", () => {
    expect(view("token-service-down").connection.retryAtMs).toBe(NOW + 750);
    const live = {
      ...IN.connected,
      phase: { name: "connected", worker: { ...LIVE, retryAtMs: NOW + 9 } },
    } as const;
    expect(connectionView(live).connection).toMatchObject({ status: "connected", retryAtMs: NOW + 9 });
  });
});
