/**
 * Signs the agent in and keeps them connected: Flex token → token service → worker connection,
 * with token refresh before expiry, backoff while the token service is down, and a restart from
 * chrome.storage.session after Chrome stopped the service worker. Browser APIs come in as
 * parameters so the whole sign-in story unit-tests with fakes.
 */
import type { Reservation, Worker } from "twilio-taskrouter";
import { backoffDelayMs, refreshAtMs } from "../domain/retry-timing.ts";
import type { ActivityView, AgentView, ConnectionStatus } from "../protocol/messages.ts";
import { exchangeFlexToken, type WorkerToken } from "./token-exchange.ts";
import {
  activitiesOf,
  type CreateWorker,
  currentActivityOf,
  openWorkerConnection,
  type ReservationEvent,
  type WorkerConnection,
} from "./worker-connection.ts";

/** What survives a service-worker restart (chrome.storage.session: memory only, never disk). */
export interface Secrets {
  flexToken: string | null;
  flexExpiresAtMs: number | null;
  worker: WorkerToken | null;
  /**
   * The agent whose data this browser session holds (reservations, history, drafts). Kept when
   * the worker token is dropped, so a different agent signing in later is still noticed.
   */
  agent: string | null;
}

export interface SecretStore {
  load(): Promise<Secrets | null>;
  save(secrets: Secrets): Promise<void>;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ReservationSink {
  ready(worker: Worker): void;
  created(reservation: Reservation): void;
  changed(reservation: Reservation, event: ReservationEvent): void;
}

export interface AgentConnectionDeps {
  fetch: typeof fetch;
  createWorker: CreateWorker;
  now: () => number;
  timers: Timers;
  secrets: SecretStore;
  /** Called with the connection part of the view whenever it changes. */
  publish(view: ConnectionView): void;
  reservations: ReservationSink;
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

export type ConnectionView = Pick<AgentView, "connection" | "activity" | "activities">;

export class AgentConnection {
  private tokenUrl: string | null = null;
  private secrets: Secrets = { flexToken: null, flexExpiresAtMs: null, worker: null, agent: null };
  private connection: WorkerConnection | null = null;
  private status: ConnectionStatus = "not-configured";
  private detail: string | null = null;
  private retryAtMs: number | null = null;
  private attempts = 0;
  private timer: unknown = null;
  private signingIn: Promise<void> | null = null;
  private activity: ActivityView | null = null;
  private activities: ActivityView[] = [];
  /** Why the last token a Flex tab handed over could not be taken; cleared by a usable one. */
  private unusableFlexToken: string | null = null;

  constructor(private readonly deps: AgentConnectionDeps) {}

  /** Restores what a previous service-worker instance knew, then connects if it can. */
  async start(tokenUrl: string | null): Promise<void> {
    const stored = await this.deps.secrets.load();
    // Secrets saved before `agent` existed belong to the worker token's agent.
    if (stored) this.secrets = { ...stored, agent: stored.agent ?? stored.worker?.identity ?? null };
    await this.configure(tokenUrl);
  }

  /** The token service URL changed (policy or options): sign in again against the new one. */
  async configure(tokenUrl: string | null): Promise<void> {
    if (tokenUrl === this.tokenUrl && this.status !== "not-configured") return;
    const changed = this.tokenUrl !== null && tokenUrl !== this.tokenUrl;
    this.tokenUrl = tokenUrl;
    if (changed) await this.forgetWorker();
    await this.resume();
  }

  /** A Flex tab handed over the agent's Flex token (on load, and whenever Flex refreshes it). */
  async flexToken(token: string, expiresAtMs: number | null): Promise<void> {
    this.unusableFlexToken = null;
    const isNew = token !== this.secrets.flexToken;
    this.secrets = { ...this.secrets, flexToken: token, flexExpiresAtMs: expiresAtMs };
    await this.deps.secrets.save(this.secrets);
    // A token we already tried changes nothing. A new one is exchanged at once, even while
    // connected: it may be another agent who signed in to Flex in this browser (the token is
    // opaque; only the token service can tell), and for the same agent it renews the worker token.
    if (isNew) {
      this.attempts = 0;
      await this.signIn();
    } else if (!this.connection && this.status !== "signing-in") {
      await this.resume();
    }
  }

  /**
   * A Flex tab handed over something the worker can't take as a token (the protocol refused it).
   * Never silent: without a usable token the agent would wait for Flex for ever, so the view says
   * why. A live connection goes on with the token it has.
   */
  flexTokenUnusable(reason: string): void {
    this.log(`the Flex token from the Flex page was not taken: ${reason}`);
    this.unusableFlexToken = `Flex handed over a sign-in token HunkBridge cannot use (${reason}). Reload Flex; if this stays, tell your admin.`;
    if (["connected", "reconnecting", "signing-in", "not-configured"].includes(this.status)) return;
    this.setStatus("waiting-for-flex", this.waitingForFlexDetail());
  }

  /**
   * The agent signed out of Flex, or closed Flex for good: they are gone. The connection closes,
   * the tokens are forgotten (a Flex token handed over later signs in again) and their clients'
   * data goes (`signedOut`). Nothing happens when nobody is signed in.
   */
  async signOut(reason: string): Promise<void> {
    if (!this.secrets.flexToken && !this.secrets.worker && !this.connection) return;
    this.log(`signed out: ${reason}`);
    this.closeConnection();
    this.secrets = { ...this.secrets, flexToken: null, flexExpiresAtMs: null, worker: null };
    await this.deps.secrets.save(this.secrets);
    this.deps.signedOut?.(reason);
    this.setStatus("waiting-for-flex", `${reason}. Sign in to Flex to take calls again.`);
  }

  /** The agent asked to retry, or the watchdog alarm fired. */
  async resume(): Promise<void> {
    if (!this.tokenUrl) return this.setStatus("not-configured", "no token service is configured (tokenUrl)");
    if (this.connection) return;
    const { worker } = this.secrets;
    if (worker && worker.expiresAtMs > this.deps.now() + 30_000) return this.connect(worker);
    if (!this.secrets.flexToken) return this.setStatus("waiting-for-flex", this.waitingForFlexDetail());
    if (this.status === "refused") return;
    await this.signIn();
  }

  async retry(): Promise<void> {
    this.attempts = 0;
    if (this.status === "refused" || this.status === "token-service-down") this.status = "signing-in";
    await this.resume();
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
    return this.status === "connected" ? (this.connection?.worker ?? null) : null;
  }

  view(): ConnectionView {
    return {
      connection: {
        status: this.status,
        detail: this.detail,
        identity: this.secrets.worker?.identity ?? null,
        retryAtMs: this.retryAtMs,
      },
      activity: this.activity,
      activities: this.activities,
    };
  }

  private waitingForFlexDetail(): string {
    return this.unusableFlexToken ?? "open Flex and sign in";
  }

  private requireWorker(): Worker {
    const worker = this.worker;
    if (!worker) throw new Error(`not connected to TaskRouter (${this.status})`);
    return worker;
  }

  private async signIn(): Promise<void> {
    if (this.signingIn) return this.signingIn;
    this.signingIn = this.doSignIn().finally(() => {
      this.signingIn = null;
    });
    return this.signingIn;
  }

  private async doSignIn(): Promise<void> {
    const { tokenUrl } = this;
    const flexToken = this.secrets.flexToken;
    if (!tokenUrl) return this.setStatus("not-configured", "no token service is configured (tokenUrl)");
    if (!flexToken) return this.setStatus("waiting-for-flex", this.waitingForFlexDetail());
    this.clearTimer();
    if (!this.connection) this.setStatus("signing-in", null);
    const outcome = await exchangeFlexToken(this.deps.fetch, tokenUrl, flexToken);
    if (tokenUrl !== this.tokenUrl) return; // superseded by a new configuration
    // A newer Flex token arrived meanwhile (a signIn() during this one joined it): use that one.
    if (flexToken !== this.secrets.flexToken) return this.doSignIn();
    if (outcome.kind === "refused") {
      this.log(`token refused: ${outcome.reason}`);
      await this.forgetWorker();
      this.deps.signedOut?.(outcome.reason);
      return this.setStatus("refused", outcome.reason);
    }
    if (outcome.kind === "down") {
      const delay = backoffDelayMs(this.attempts++);
      this.log(`token service down (${outcome.reason}); retry in ${delay} ms`);
      this.retryAtMs = this.deps.now() + delay;
      this.timer = this.deps.timers.set(() => void this.signIn(), delay);
      // A live connection keeps working on its current token until that expires.
      if (!this.connection) this.setStatus("token-service-down", outcome.reason);
      else this.publish();
      return;
    }
    this.attempts = 0;
    this.retryAtMs = null;
    const previous = this.secrets.worker;
    const previousAgent = this.secrets.agent;
    this.secrets = { ...this.secrets, worker: outcome.worker, agent: outcome.worker.identity };
    await this.deps.secrets.save(this.secrets);
    if (previousAgent !== outcome.worker.identity)
      this.deps.agentChanged?.(previousAgent, outcome.worker.identity);
    if (this.connection && previous?.identity === outcome.worker.identity) {
      this.connection.updateToken(outcome.worker.token);
      this.scheduleRefresh(outcome.worker);
      this.publish();
    } else {
      this.closeConnection();
      this.connect(outcome.worker);
    }
  }

  private connect(token: WorkerToken): void {
    this.setStatus("signing-in", null);
    this.connection = openWorkerConnection(this.deps.createWorker, token, {
      ready: (worker) => {
        this.activities = activitiesOf(worker);
        this.activity = currentActivityOf(worker);
        this.setStatus("connected", null);
        this.deps.reservations.ready(worker);
      },
      activityChanged: (worker) => {
        this.activity = currentActivityOf(worker);
        this.publish();
      },
      reservationCreated: (r) => this.deps.reservations.created(r),
      reservationChanged: (r, event) => this.deps.reservations.changed(r, event),
      disconnected: (reason) => {
        // The SDK reconnects by itself unless the token expired or we closed it.
        if (this.connection) this.setStatus("reconnecting", reason);
      },
      tokenExpired: () => {
        this.log("worker token expired; signing in again");
        void this.signIn();
      },
      error: (message) => this.log(`TaskRouter error: ${message}`),
    });
    this.scheduleRefresh(token);
  }

  private scheduleRefresh(token: WorkerToken): void {
    this.clearTimer();
    const delay = Math.max(1_000, refreshAtMs(this.deps.now(), token.expiresAtMs) - this.deps.now());
    this.timer = this.deps.timers.set(() => void this.signIn(), delay);
  }

  private async forgetWorker(): Promise<void> {
    this.closeConnection();
    this.secrets = { ...this.secrets, worker: null };
    await this.deps.secrets.save(this.secrets);
  }

  private closeConnection(): void {
    this.clearTimer();
    this.connection?.close();
    this.connection = null;
    this.activity = null;
    this.activities = [];
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clear(this.timer);
    this.timer = null;
  }

  private setStatus(status: ConnectionStatus, detail: string | null): void {
    this.status = status;
    this.detail = detail;
    if (status !== "token-service-down") this.retryAtMs = null;
    this.publish();
  }

  private publish(): void {
    this.deps.publish(this.view());
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}
