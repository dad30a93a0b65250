/**
 * Signs the agent in and keeps them connected: Flex token → token service → worker connection,
 * with token refresh before expiry, backoff while the token service is down, and a restart from
 * chrome.storage.session after Chrome stopped the service worker. The rules are the pure
 * transition table in domain/connection-machine.ts; this class feeds it events and performs the
 * effects it returns with the browser APIs it gets as parameters, so it unit-tests with fakes.
 */
import type { Worker } from "twilio-taskrouter";
import type { ConfigRules } from "../domain/config.ts";
import { reduceConnection } from "../domain/connection-machine.ts";
import {
  type ConnectionEffect,
  type ConnectionEvent,
  type ConnectionView,
  connectionStatus,
  connectionView,
  INITIAL_CONNECTION,
  type Secrets,
  type WorkerToken,
} from "../domain/connection-state.ts";
import type { ActivityView } from "../protocol/messages.ts";
import { exchangeFlexToken } from "./token-exchange.ts";
import {
  activitiesOf,
  type CreateWorker,
  currentActivityOf,
  openWorkerConnection,
  type WorkerConnection,
} from "./worker-connection.ts";

export type { ConnectionView, Secrets };

export interface SecretStore {
  load(): Promise<Secrets | null>;
  save(secrets: Secrets): Promise<void>;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface AgentConnectionDeps {
  fetch: typeof fetch;
  /** The build's rules: the sandbox's EventBridge is this machine's emulator. */
  rules: ConfigRules;
  createWorker: CreateWorker;
  now: () => number;
  timers: Timers;
  secrets: SecretStore;
  /** Called with the connection part of the view whenever it changes. */
  publish(view: ConnectionView): void;
  /** A worker connection was opened: its reservations are for the tracker (watchReservations). */
  workerOpened?: (worker: Worker) => void;
  /** The agent's TaskRouter activity, on connecting and whenever it changes (null: unknown). */
  activityChanged?: (activity: ActivityView | null) => void;
  /**
   * The token service named another agent than the one this session belonged to (null: none
   * yet). Called before the new agent's connection opens, so their data never mixes.
   */
  agentChanged?: (previous: string | null, next: string) => void;
  /**
   * The agent is signed out (their Flex sign-in was refused, they signed out of Flex or closed it
   * for good): their clients' data must go.
   */
  signedOut?: (reason: string) => void;
  log?: (line: string) => void;
}

export class AgentConnection {
  private state = INITIAL_CONNECTION;
  /** The open worker connection, while the state has one. */
  private connection: WorkerConnection | null = null;
  /** The one pending timer: a token refresh or a retry. */
  private timer: unknown = null;
  /** The token exchange in flight: a sign-in asked for meanwhile resolves with it. */
  private exchangeInFlight: Promise<void> | null = null;

  constructor(private readonly deps: AgentConnectionDeps) {}

  /** Restores what a previous service-worker instance knew, then connects if it can. */
  async start(tokenUrl: string | null): Promise<void> {
    await this.dispatch({ type: "restored", secrets: await this.deps.secrets.load() });
    await this.configure(tokenUrl);
  }

  /** The token service URL changed (policy or options): sign in again against the new one. */
  configure(tokenUrl: string | null): Promise<void> {
    return this.dispatch({ type: "configured", tokenUrl });
  }

  /** A Flex tab handed over the agent's Flex token (on load, and whenever Flex refreshes it). */
  flexToken(token: string, expiresAtMs: number | null): Promise<void> {
    return this.dispatch({ type: "flex-token", token, expiresAtMs });
  }

  /**
   * A Flex tab handed over something the worker can't take as a token (the protocol refused it).
   * The view says why unless a connection is live or starting: that goes on with its token.
   */
  flexTokenUnusable(reason: string): void {
    void this.dispatch({ type: "flex-token-unusable", reason });
  }

  /**
   * The agent signed out of Flex, or closed Flex for good: they are gone. The connection closes,
   * the tokens are forgotten (a Flex token handed over later signs in again) and their clients'
   * data goes (`signedOut`). Nothing happens when nobody is signed in.
   */
  signOut(reason: string): Promise<void> {
    return this.dispatch({ type: "signed-out", reason });
  }

  /** The watchdog alarm fired. */
  resume(): Promise<void> {
    return this.dispatch({ type: "resume" });
  }

  /** The agent asked to retry. */
  retry(): Promise<void> {
    return this.dispatch({ type: "retry" });
  }

  async setActivity(activitySid: string): Promise<void> {
    const worker = this.requireWorker();
    const activity = worker.activities.get(activitySid);
    if (!activity) throw new Error(`unknown activity ${activitySid}`);
    await activity.setAsCurrent();
  }

  async setAvailable(): Promise<void> {
    const worker = this.requireWorker();
    const available = [...worker.activities.values()].find((a) => a.available);
    if (!available) throw new Error("the workspace has no available activity");
    await available.setAsCurrent();
  }

  /** The SDK worker, for reservation actions; null while not connected. */
  get worker(): Worker | null {
    return this.state.phase.name === "connected" ? (this.connection?.worker ?? null) : null;
  }

  view(): ConnectionView {
    return connectionView(this.state);
  }

  private requireWorker(): Worker {
    const worker = this.worker;
    if (!worker) throw new Error(`not connected to TaskRouter (${connectionStatus(this.state)})`);
    return worker;
  }

  /**
   * Moves to the next state at once, then performs its effects in order. Effects up to the first
   * asynchronous one run before this returns: a view is published in the same turn as its event.
   */
  private async dispatch(event: ConnectionEvent): Promise<void> {
    const { state, effects } = reduceConnection(this.state, event, this.deps.now(), Math.random);
    this.state = state;
    for (const effect of effects) {
      const pending = this.perform(effect);
      if (pending) await pending;
    }
  }

  private perform(effect: ConnectionEffect): Promise<void> | undefined {
    switch (effect.type) {
      case "save-secrets":
        return this.deps.secrets.save(effect.secrets);
      case "exchange":
        return this.exchange(effect.tokenUrl, effect.flexToken);
      case "join-exchange":
        return this.exchangeInFlight ?? undefined;
      case "open-worker":
        this.connection = this.open(effect.token);
        this.deps.workerOpened?.(this.connection.worker);
        return;
      case "update-token":
        this.connection?.updateToken(effect.token);
        return;
      case "close-worker":
        this.connection?.close();
        this.connection = null;
        return;
      case "set-timer":
        this.clearTimer();
        this.timer = this.deps.timers.set(
          () => void this.dispatch({ type: "timer-fired" }),
          Math.max(0, effect.atMs - this.deps.now()),
        );
        return;
      case "clear-timer":
        this.clearTimer();
        return;
      case "publish":
        this.deps.publish(this.view());
        return;
      case "agent-changed":
        this.deps.agentChanged?.(effect.previous, effect.next);
        return;
      case "signed-out":
        this.deps.signedOut?.(effect.reason);
        return;
      case "log":
        this.log(effect.line);
        return;
    }
  }

  private exchange(tokenUrl: string, flexToken: string): Promise<void> {
    const run = (async () => {
      const { fetch, rules, now } = this.deps;
      const outcome = await exchangeFlexToken(fetch, tokenUrl, flexToken, rules, now);
      await this.dispatch({ type: "exchanged", tokenUrl, flexToken, outcome });
    })();
    this.exchangeInFlight = run;
    return run.finally(() => {
      if (this.exchangeInFlight === run) this.exchangeInFlight = null;
    });
  }

  private open(token: WorkerToken): WorkerConnection {
    return openWorkerConnection(this.deps.createWorker, token, {
      ready: (worker) => {
        const activity = currentActivityOf(worker);
        void this.dispatch({ type: "worker-ready", activities: activitiesOf(worker), activity });
        this.deps.activityChanged?.(activity);
      },
      activityChanged: (worker) => {
        const activity = currentActivityOf(worker);
        void this.dispatch({ type: "activity-changed", activity });
        this.deps.activityChanged?.(activity);
      },
      // The SDK reconnects by itself unless the token expired or we closed it.
      disconnected: (reason) => void this.dispatch({ type: "worker-disconnected", reason }),
      tokenExpired: () => void this.dispatch({ type: "token-expired" }),
      error: (message) => this.log(`TaskRouter error: ${message}`),
    });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clear(this.timer);
    this.timer = null;
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}
