/**
 * The agent's connection as data: its state in every phase, the events that move it, the effects
 * a move asks for, and the view the popup and the Flex status chip get from the state.
 * connection-machine.ts is the transition table.
 */
import type { ActivityView, AgentView, ConnectionStatus } from "../protocol/messages.ts";
import type { TokenFailure } from "./retry-policy.ts";

/** A worker token from the token service (token-exchange.ts parses its answer into this shape). */
export type WorkerToken = {
  token: string;
  identity: string;
  expiresAtMs: number;
  /** EventBridge URLs for a region or a sandbox; both or neither (the SDK needs both). */
  eventBridge: { ebServer: string; wsServer: string } | null;
  /**
   * The agent's key for the callback memory (CONTRACT §3), null when the service gives none. Kept
   * here, with the secrets in storage.session, so that it never reaches the profile on disk
   * beside the hashes it makes.
   */
  callbackKey: string | null;
};

/** What survives a service-worker restart (chrome.storage.session: memory only, never disk). */
export type Secrets = {
  flexToken: string | null;
  flexExpiresAtMs: number | null;
  worker: WorkerToken | null;
  /**
   * The agent whose data this browser session holds (reservations, history, drafts). Kept when
   * the worker token is dropped, so a different agent signing in later is still noticed.
   */
  agent: string | null;
  /**
   * The token service's last failures in a row, while they last. Kept with the secrets so that a
   * service worker stopped and started by Chrome still waits out the backoff.
   */
  backoff: Backoff | null;
};

export type Backoff = {
  failure: TokenFailure;
  /** What went wrong, and whose it is to fix, in the agent's words. */
  reason: string;
  /** Failures in a row: the backoff's exponent. */
  attempts: number;
  /** When to ask again; null: not with this Flex token (retry-policy.ts). */
  retryAtMs: number | null;
};

/** The worker connection is open: what the SDK said about the agent's activities. */
export type OpenWorker = {
  activity: ActivityView | null;
  activities: ActivityView[];
  /** The token service was down at a refresh: the connection goes on with its token, retried then. */
  retryAtMs: number | null;
};

export type ConnectionPhase =
  | { name: "not-configured" }
  | { name: "waiting-for-flex"; detail: string }
  /** The token service has the Flex token; no worker connection yet. */
  | { name: "signing-in" }
  /** The worker connection is opening: the SDK has not said ready yet (shown as signing in). */
  | { name: "opening"; worker: OpenWorker }
  | { name: "connected"; worker: OpenWorker }
  /** The SDK lost its socket and reconnects by itself. */
  | { name: "reconnecting"; worker: OpenWorker; reason: string }
  /** The token service refused the Flex sign-in: asked again slowly, and with every new token. */
  | { name: "refused"; reason: string; retryAtMs: number | null }
  /** The token service failed otherwise (retry-policy.ts); null: asked again with a new token only. */
  | { name: "token-service-down"; reason: string; retryAtMs: number | null };

export type PhaseName = ConnectionPhase["name"];
export type WorkerPhase = Extract<ConnectionPhase, { worker: OpenWorker }>;
export type IdlePhase = Exclude<ConnectionPhase, WorkerPhase>;

export type ConnectionState = {
  tokenUrl: string | null;
  secrets: Secrets;
  /** Why the last Flex token a Flex tab handed over could not be taken; cleared by a usable one. */
  unusableFlexToken: string | null;
  /**
   * A token exchange is in flight. It can outlive the phase that started it (a sign-out meanwhile),
   * so it is not a phase: its answer is checked against the token and URL current by then.
   */
  exchanging: boolean;
  phase: ConnectionPhase;
};

/** What the token service said (token-exchange.ts). */
export type ExchangeOutcome =
  | { kind: "ok"; worker: WorkerToken }
  /** `retryAfterMs`: the answer's Retry-After, as a delay from when it came. */
  | { kind: "failed"; failure: TokenFailure; reason: string; retryAfterMs: number | null };

export type ConnectionEvent =
  /** start(): what the previous service-worker instance saved. */
  | { type: "restored"; secrets: Secrets | null }
  /** The token service URL, from policy or options; null: none. */
  | { type: "configured"; tokenUrl: string | null }
  /** A Flex tab handed over the agent's Flex token (on load, and whenever Flex refreshes it). */
  | { type: "flex-token"; token: string; expiresAtMs: number | null }
  | { type: "flex-token-unusable"; reason: string }
  /** The agent signed out of Flex, or closed it for good. */
  | { type: "signed-out"; reason: string }
  /** The watchdog alarm. */
  | { type: "resume" }
  /** The agent asked to retry. */
  | { type: "retry" }
  /** The answer to an `exchange` effect, with what it was asked with. */
  | { type: "exchanged"; tokenUrl: string; flexToken: string; outcome: ExchangeOutcome }
  /** The timer of a `set-timer` effect: a token refresh or a retry. */
  | { type: "timer-fired" }
  | { type: "worker-ready"; activities: OpenWorker["activities"]; activity: OpenWorker["activity"] }
  | { type: "activity-changed"; activity: OpenWorker["activity"] }
  | { type: "worker-disconnected"; reason: string }
  | { type: "token-expired" };

export type ConnectionEffect =
  | { type: "save-secrets"; secrets: Secrets }
  /** Ask the token service, then feed the answer back as `exchanged`. */
  | { type: "exchange"; tokenUrl: string; flexToken: string }
  /** A sign-in asked for while an exchange is in flight: that exchange answers it too. */
  | { type: "join-exchange" }
  | { type: "open-worker"; token: WorkerToken }
  | { type: "update-token"; token: string }
  | { type: "close-worker" }
  /** Fire `timer-fired` at `atMs`, replacing the pending timer: there is only ever one. */
  | { type: "set-timer"; atMs: number }
  | { type: "clear-timer" }
  /** Publish the view of the state as it is when this effect runs. */
  | { type: "publish" }
  | { type: "agent-changed"; previous: string | null; next: string }
  | { type: "signed-out"; reason: string }
  | { type: "log"; line: string };

export type ConnectionStep = { state: ConnectionState; effects: ConnectionEffect[] };

export const INITIAL_CONNECTION: ConnectionState = {
  tokenUrl: null,
  secrets: { flexToken: null, flexExpiresAtMs: null, worker: null, agent: null, backoff: null },
  unusableFlexToken: null,
  exchanging: false,
  phase: { name: "not-configured" },
};

const NOT_CONFIGURED_DETAIL = "no token service is configured (tokenUrl)";

/** The protocol's status of each phase: opening a worker is still signing in, to the agent. */
const STATUS: Record<PhaseName, ConnectionStatus> = {
  "not-configured": "not-configured",
  "waiting-for-flex": "waiting-for-flex",
  "signing-in": "signing-in",
  opening: "signing-in",
  connected: "connected",
  reconnecting: "reconnecting",
  refused: "refused",
  "token-service-down": "token-service-down",
};

export function workerOf(phase: ConnectionPhase): OpenWorker | null {
  return "worker" in phase ? phase.worker : null;
}

export function connectionStatus(state: ConnectionState): ConnectionStatus {
  return STATUS[state.phase.name];
}

export type ConnectionView = Pick<AgentView, "connection" | "activity" | "activities">;

/** The connection part of the agent's view: all of it follows from the state. */
export function connectionView(state: ConnectionState): ConnectionView {
  const { phase } = state;
  const worker = workerOf(phase);
  return {
    connection: {
      status: connectionStatus(state),
      // A live connection whose renewal failed still says why, before its token runs out.
      detail: detailOf(phase) ?? (worker?.retryAtMs != null ? (state.secrets.backoff?.reason ?? null) : null),
      identity: state.secrets.worker?.identity ?? null,
      retryAtMs: "retryAtMs" in phase ? phase.retryAtMs : (worker?.retryAtMs ?? null),
    },
    activity: worker?.activity ?? null,
    activities: worker?.activities ?? [],
  };
}

function detailOf(phase: ConnectionPhase): string | null {
  switch (phase.name) {
    case "not-configured":
      return NOT_CONFIGURED_DETAIL;
    case "waiting-for-flex":
      return phase.detail;
    case "reconnecting":
    case "refused":
    case "token-service-down":
      return phase.reason;
    default:
      return null;
  }
}
