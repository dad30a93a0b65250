/**
 * The agent's connection as a pure transition table: Flex token → token service → worker
 * connection, refreshed before expiry, backed off while the service is down. `reduceConnection()`
 * returns the next state and the effects to perform, as data, in the order they must happen;
 * AgentConnection (background/agent-connection.ts) performs them. Time and jitter come in.
 *
 * Effects come with the transition rather than from comparing two states because they say what
 * happened, which a state doesn't keep: the same agent's new token is an `update-token`, another
 * agent's is `agent-changed` then a new worker, and a sign-out is `signed-out`.
 *
 * A failed exchange never ends the agent's session (their call, card and drafts stay): it is
 * retried when retry-policy.ts says, which a live connection waits out on the token it has.
 */
import type {
  Backoff,
  ConnectionEffect,
  ConnectionEvent,
  ConnectionPhase,
  ConnectionState,
  ConnectionStep,
  ExchangeOutcome,
  IdlePhase,
  OpenWorker,
  PhaseName,
  Secrets,
  WorkerPhase,
  WorkerToken,
} from "./connection-state.ts";
import { workerOf } from "./connection-state.ts";
import { nextAttemptAtMs } from "./retry-policy.ts";
import { refreshAtMs } from "./retry-timing.ts";

type Clock = { nowMs: number; random: () => number };
type EventOf<T extends ConnectionEvent["type"]> = Extract<ConnectionEvent, { type: T }>;
type In<P extends PhaseName> = ConnectionState & { phase: Extract<ConnectionPhase, { name: P }> };
type Row<P extends PhaseName> = {
  [T in ConnectionEvent["type"]]?: (state: In<P>, event: EventOf<T>, clock: Clock) => ConnectionStep;
};

const PUBLISH: ConnectionEffect = { type: "publish" };
const CLEAR_TIMER: ConnectionEffect = { type: "clear-timer" };
/** A stored worker token with less left than this is not worth connecting with. */
const RECONNECT_MARGIN_MS = 30_000;
const MIN_REFRESH_DELAY_MS = 1_000;

const save = (secrets: Secrets): ConnectionEffect => ({ type: "save-secrets", secrets });
const log = (line: string): ConnectionEffect => ({ type: "log", line });
const same = (state: ConnectionState): ConnectionStep => ({ state, effects: [] });
const shown = (state: ConnectionState, phase: ConnectionPhase): ConnectionStep => ({
  state: { ...state, phase },
  effects: [PUBLISH],
});
const after = (effects: ConnectionEffect[], step: ConnectionStep): ConnectionStep => ({
  state: step.state,
  effects: [...effects, ...step.effects],
});

function waitingForFlex(state: ConnectionState): IdlePhase {
  return { name: "waiting-for-flex", detail: state.unusableFlexToken ?? "open Flex and sign in" };
}

/** Closes the worker connection, if one is open, and cancels the pending refresh or retry. */
function closeConnection(state: ConnectionState): ConnectionStep {
  if (!workerOf(state.phase)) return { state, effects: [CLEAR_TIMER] };
  return {
    state: { ...state, phase: { name: "signing-in" } },
    effects: [CLEAR_TIMER, { type: "close-worker" }],
  };
}

/**
 * Moves to a phase without a worker connection and publishes it. A worker still open is closed: one
 * opened from stored secrets without a Flex token has nothing to refresh with.
 */
function settle(state: ConnectionState, phase: IdlePhase): ConnectionStep {
  return after(workerOf(state.phase) ? closeConnection(state).effects : [], shown(state, phase));
}

/** The agent's session ends: connection, worker token and (sign-out) Flex token go; their data too. */
function endSession(
  state: ConnectionState,
  secrets: Secrets,
  phase: IdlePhase,
  reason: string,
  line: string,
): ConnectionStep {
  const closed = closeConnection(state);
  return after(
    [log(line), ...closed.effects, save(secrets), { type: "signed-out", reason }],
    shown({ ...closed.state, secrets }, phase),
  );
}

function resume(state: ConnectionState, nowMs: number): ConnectionStep {
  if (!state.tokenUrl) return settle(state, { name: "not-configured" });
  if (workerOf(state.phase)) return same(state);
  const { worker, flexToken } = state.secrets;
  if (worker && worker.expiresAtMs > nowMs + RECONNECT_MARGIN_MS) return connect(state, worker, nowMs);
  if (!flexToken) return settle(state, waitingForFlex(state));
  return askOrWait(state, nowMs);
}

const backoffDue = ({ secrets: { backoff } }: ConnectionState, nowMs: number): boolean =>
  !backoff || (backoff.retryAtMs !== null && backoff.retryAtMs <= nowMs);

/**
 * Asks the token service now, unless the backoff says to wait: then the timer is set for its time
 * (none when only a new Flex token may ask) and the phase says why. A live connection goes on
 * with its token meanwhile. The watchdog and a restarted service worker come through here, so
 * neither ever asks before the backoff's time.
 */
function askOrWait(state: ConnectionState, nowMs: number): ConnectionStep {
  const { backoff } = state.secrets;
  if (!backoff || backoffDue(state, nowMs)) return signIn(state);
  const timer: ConnectionEffect =
    backoff.retryAtMs === null ? CLEAR_TIMER : { type: "set-timer", atMs: backoff.retryAtMs };
  if (workerOf(state.phase)) return { state, effects: [timer] };
  return after([timer], settle(state, backoffPhase(backoff)));
}

function backoffPhase({ failure, reason, retryAtMs }: Backoff): IdlePhase {
  if (failure === "refused") return { name: "refused", reason, retryAtMs };
  return { name: "token-service-down", reason, retryAtMs };
}

/** Asks the token service with the Flex token; one exchange at a time, later asks wait for it. */
function signIn(state: ConnectionState): ConnectionStep {
  if (state.exchanging) return { state, effects: [{ type: "join-exchange" }] };
  const { tokenUrl } = state;
  const { flexToken } = state.secrets;
  if (!tokenUrl) return settle(state, { name: "not-configured" });
  if (!flexToken) return settle(state, waitingForFlex(state));
  const exchanging = { ...state, exchanging: true };
  const exchange: ConnectionEffect = { type: "exchange", tokenUrl, flexToken };
  // A live connection goes on while its token is renewed.
  if (workerOf(state.phase)) return { state: exchanging, effects: [CLEAR_TIMER, exchange] };
  return {
    state: { ...exchanging, phase: { name: "signing-in" } },
    effects: [CLEAR_TIMER, PUBLISH, exchange],
  };
}

function refreshTimer(token: WorkerToken, nowMs: number): ConnectionEffect {
  const delay = Math.max(MIN_REFRESH_DELAY_MS, refreshAtMs(nowMs, token.expiresAtMs) - nowMs);
  return { type: "set-timer", atMs: nowMs + delay };
}

function connect(state: ConnectionState, token: WorkerToken, nowMs: number): ConnectionStep {
  const retryAtMs = state.secrets.backoff?.retryAtMs ?? null;
  const worker: OpenWorker = { activity: null, activities: [], retryAtMs };
  return {
    state: { ...state, phase: { name: "opening", worker } },
    effects: [PUBLISH, { type: "open-worker", token }, refreshTimer(token, nowMs)],
  };
}

/** The token service answered. An answer for a token or URL no longer current is stale: ask again. */
function answered(state: ConnectionState, event: EventOf<"exchanged">, clock: Clock): ConnectionStep {
  const next = { ...state, exchanging: false };
  if (event.tokenUrl !== state.tokenUrl || event.flexToken !== state.secrets.flexToken) return signIn(next);
  const { outcome } = event;
  if (outcome.kind === "ok") return signedIn(next, outcome.worker, clock.nowMs);
  return failed(next, outcome, clock);
}

/**
 * The exchange failed: the agent's work stays (no sign-out: a refusal may be the service's own
 * trouble, such as a rotated credential), and the next ask waits for the retry policy.
 */
function failed(
  state: ConnectionState,
  { failure, reason, retryAfterMs }: Extract<ExchangeOutcome, { kind: "failed" }>,
  clock: Clock,
): ConnectionStep {
  const attempts = state.secrets.backoff?.attempts ?? 0;
  const retryAtMs = nextAttemptAtMs(failure, attempts, retryAfterMs, clock.nowMs, clock.random);
  const backoff: Backoff = { failure, reason, attempts: attempts + 1, retryAtMs };
  const secrets = { ...state.secrets, backoff };
  const when =
    retryAtMs === null ? "asked again with Flex's next token" : `retry in ${retryAtMs - clock.nowMs} ms`;
  const effects = [log(`token service ${failure} (${reason}); ${when}`), save(secrets)];
  const next = { ...state, secrets };
  // A live connection keeps working on its current token until TaskRouter says it expired.
  if ("worker" in state.phase) {
    const timer: ConnectionEffect = retryAtMs === null ? CLEAR_TIMER : { type: "set-timer", atMs: retryAtMs };
    const worker = { ...state.phase.worker, retryAtMs };
    return after([...effects, timer], shown(next, { ...state.phase, worker }));
  }
  return after(effects, askOrWait(next, clock.nowMs));
}

function signedIn(state: ConnectionState, token: WorkerToken, nowMs: number): ConnectionStep {
  const { worker: previous, agent: previousAgent } = state.secrets;
  const secrets = { ...state.secrets, worker: token, agent: token.identity, backoff: null };
  const next = { ...state, secrets };
  const effects = [save(secrets)];
  // Before the new agent's connection opens, so that two agents' data never mix.
  if (previousAgent !== token.identity) {
    effects.push({ type: "agent-changed", previous: previousAgent, next: token.identity });
  }
  if ("worker" in state.phase && previous?.identity === token.identity) {
    effects.push({ type: "update-token", token: token.token }, refreshTimer(token, nowMs));
    const worker = { ...state.phase.worker, retryAtMs: null };
    return after(effects, shown(next, { ...state.phase, worker }));
  }
  const closed = closeConnection(next);
  return after([...effects, ...closed.effects], connect(closed.state, token, nowMs));
}

function takeFlexToken(state: ConnectionState, event: EventOf<"flex-token">, clock: Clock): ConnectionStep {
  const renewed = event.token !== state.secrets.flexToken;
  // A new token starts afresh: whatever was wrong with the last one may not be wrong with it.
  const backoff = renewed ? null : state.secrets.backoff;
  const secrets = { ...state.secrets, flexToken: event.token, flexExpiresAtMs: event.expiresAtMs, backoff };
  const next = { ...state, secrets, unusableFlexToken: null };
  const saving = [save(secrets)];
  // A new token is exchanged at once, even while connected: it may be another agent who signed
  // in to Flex in this browser (the token is opaque; only the token service can tell), and for
  // the same agent it renews the worker token. A token we already tried changes nothing.
  if (renewed) return after(saving, signIn(next));
  if (workerOf(state.phase) || state.phase.name === "signing-in") return { state: next, effects: saving };
  return after(saving, resume(next, clock.nowMs));
}

function noteUnusableToken(state: ConnectionState, event: EventOf<"flex-token-unusable">): ConnectionStep {
  const unusableFlexToken = `Flex handed over a sign-in token HunkBridge cannot use (${event.reason}). Reload Flex; if this stays, tell your admin.`;
  return {
    state: { ...state, unusableFlexToken },
    effects: [log(`the Flex token from the Flex page was not taken: ${event.reason}`)],
  };
}

/** Never silent: without a usable token the agent would wait for Flex for ever, so the view says why. */
function showUnusableToken(state: ConnectionState, event: EventOf<"flex-token-unusable">): ConnectionStep {
  const noted = noteUnusableToken(state, event);
  return after(noted.effects, settle(noted.state, waitingForFlex(noted.state)));
}

/** Nothing happens when nobody is signed in; a Flex token handed over later signs in again. */
function signOut(state: ConnectionState, { reason }: EventOf<"signed-out">): ConnectionStep {
  const { flexToken, worker } = state.secrets;
  if (!flexToken && !worker && !workerOf(state.phase)) return same(state);
  const secrets = { ...state.secrets, flexToken: null, flexExpiresAtMs: null, worker: null, backoff: null };
  const waiting: IdlePhase = {
    name: "waiting-for-flex",
    detail: `${reason}. Sign in to Flex to take calls again.`,
  };
  return endSession(state, secrets, waiting, reason, `signed out: ${reason}`);
}

function configure(state: ConnectionState, event: EventOf<"configured">, clock: Clock): ConnectionStep {
  const { tokenUrl } = event;
  if (tokenUrl === state.tokenUrl && state.phase.name !== "not-configured") return same(state);
  const next = { ...state, tokenUrl };
  if (state.tokenUrl === null || tokenUrl === state.tokenUrl) return resume(next, clock.nowMs);
  // The worker token and the failures came from the old service: they go, with its connection.
  const closed = closeConnection(next);
  const secrets = { ...next.secrets, worker: null, backoff: null };
  return after([...closed.effects, save(secrets)], resume({ ...closed.state, secrets }, clock.nowMs));
}

/** Secrets saved before `agent` existed belong to the worker token's agent. */
function restore(state: ConnectionState, { secrets }: EventOf<"restored">): ConnectionStep {
  if (!secrets) return same(state);
  const agent = secrets.agent ?? secrets.worker?.identity ?? null;
  return same({ ...state, secrets: { ...secrets, agent } });
}

/** The agent asked to retry: now, whatever the backoff said (one click, one request). */
function retryNow(state: ConnectionState, clock: Clock): ConnectionStep {
  const { backoff } = state.secrets;
  const secrets = backoff
    ? { ...state.secrets, backoff: { ...backoff, retryAtMs: clock.nowMs } }
    : state.secrets;
  return resume({ ...state, secrets }, clock.nowMs);
}

/** With the backoff due, the token is renewed on the live connection; otherwise it waits, closed. */
function tokenExpired(state: ConnectionState, clock: Clock): ConnectionStep {
  if (backoffDue(state, clock.nowMs))
    return after([log("worker token expired; signing in again")], signIn(state));
  const closed = closeConnection(state);
  const line = log("worker token expired while the token service is failing; waiting for its retry");
  return after([line, ...closed.effects], askOrWait(closed.state, clock.nowMs));
}

const EVERY_PHASE: Row<PhaseName> = {
  configured: configure,
  "flex-token": takeFlexToken,
  "signed-out": signOut,
  resume: (state, _event, clock) => resume(state, clock.nowMs),
  retry: (state, _event, clock) => retryNow(state, clock),
  exchanged: answered,
  "timer-fired": (state, _event, clock) => askOrWait(state, clock.nowMs),
};

// Only an open worker connection sends these: a closed one has no listeners left.
const WITH_WORKER: Row<WorkerPhase["name"]> = {
  "worker-ready": (state, { activities, activity }) =>
    shown(state, { name: "connected", worker: { activities, activity, retryAtMs: null } }),
  "activity-changed": (state, { activity }) =>
    shown(state, { ...state.phase, worker: { ...state.phase.worker, activity } }),
  "worker-disconnected": (state, { reason }) =>
    shown(state, { name: "reconnecting", worker: { ...state.phase.worker, retryAtMs: null }, reason }),
  "token-expired": (state, _event, clock) => tokenExpired(state, clock),
  // A live or starting connection goes on with the token it has.
  "flex-token-unusable": noteUnusableToken,
};

// Everything not listed is ignored: the same state, no effects.
const TRANSITIONS: { [P in PhaseName]: Row<P> } = {
  // Not configured is the problem to fix first, so a bad Flex token is only noted.
  "not-configured": { ...EVERY_PHASE, restored: restore, "flex-token-unusable": noteUnusableToken },
  "waiting-for-flex": { ...EVERY_PHASE, "flex-token-unusable": showUnusableToken },
  "signing-in": { ...EVERY_PHASE, "flex-token-unusable": noteUnusableToken },
  opening: { ...EVERY_PHASE, ...WITH_WORKER },
  connected: { ...EVERY_PHASE, ...WITH_WORKER },
  reconnecting: { ...EVERY_PHASE, ...WITH_WORKER },
  refused: { ...EVERY_PHASE, "flex-token-unusable": showUnusableToken },
  "token-service-down": { ...EVERY_PHASE, "flex-token-unusable": showUnusableToken },
};

type AnyTransition = (state: ConnectionState, event: ConnectionEvent, clock: Clock) => ConnectionStep;

/** The next state and the effects to perform; the same state and none when the event doesn't apply. */
export function reduceConnection(
  state: ConnectionState,
  event: ConnectionEvent,
  nowMs: number,
  random: () => number,
): ConnectionStep {
  // TRANSITIONS' type pairs each phase's row with its state and each event with its handler.
  const row = TRANSITIONS[state.phase.name] as Row<PhaseName>;
  const transition = row[event.type] as AnyTransition | undefined;
  return transition ? transition(state, event, { nowMs, random }) : same(state);
}
