/** Fakes for the service worker's dependencies: an SDK worker, a token service, timers. */
import { EventEmitter } from "node:events";
import type { Worker } from "twilio-taskrouter";
import type { SecretStore, Secrets, Timers } from "../../../src/background/agent-connection.ts";

export class FakeActivity {
  constructor(
    private readonly owner: FakeWorker,
    readonly sid: string,
    readonly name: string,
    readonly available: boolean,
  ) {}
  async setAsCurrent() {
    this.owner.activity = this;
    this.owner.emit("activityUpdated", this.owner);
    return this;
  }
}

export class FakeWorker extends EventEmitter {
  readonly activities = new Map<string, FakeActivity>();
  readonly reservations = new Map<string, unknown>();
  activity: FakeActivity;
  tokens: string[];
  disconnected = false;

  constructor(
    token: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    this.tokens = [token];
    for (const [i, [name, available]] of (
      [
        ["Offline", false],
        ["Unavailable", false],
        ["Available", true],
        ["Break", false],
      ] as const
    ).entries()) {
      const sid = `WA${String(i).padStart(32, "0")}`;
      this.activities.set(sid, new FakeActivity(this, sid, name, available));
    }
    this.activity = [...this.activities.values()][1] as FakeActivity;
  }
  updateToken(token: string) {
    this.tokens.push(token);
  }
  disconnect() {
    this.disconnected = true;
  }
}

export function fakeWorkerFactory() {
  const created: FakeWorker[] = [];
  const create = (token: string, options: Record<string, unknown>) => {
    const worker = new FakeWorker(token, options);
    created.push(worker);
    return worker as unknown as Worker;
  };
  return { created, create };
}

export type TokenReply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A token service answering from a script of replies; the last one repeats. */
export function fakeTokenService(replies: TokenReply[]) {
  const requests: Array<{ url: string; body: unknown }> = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    requests.push({ url, body: JSON.parse(String(init?.body)) });
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (!reply) throw new Error("no reply scripted");
    if (reply instanceof Error) throw reply;
    const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
    return new Response(body, { status: reply.status, headers: reply.headers });
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, requests };
}

export function okToken(token: string, expiresAtMs: number, identity = "ada.lovelace@chhj.com") {
  return {
    status: 200,
    body: {
      token,
      identity,
      expiresAt: new Date(expiresAtMs).toISOString(),
      ebServer: "https://event-bridge.twilio.com/v1/wschannels",
      wsServer: "wss://event-bridge.twilio.com/v1/wschannels",
    },
  };
}

/** Timers run only when the test says so, in deadline order. */
export class ManualTimers implements Timers {
  nowMs = 1_700_000_000_000;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  set(fn: () => void, ms: number) {
    const id = this.next++;
    this.queue.push({ at: this.nowMs + ms, fn, id });
    return id;
  }
  clear(handle: unknown) {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  pending(): number[] {
    return this.queue.map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }
  /** Advances the clock to the next timer and runs it. */
  async runNext(): Promise<void> {
    this.queue.sort((a, b) => a.at - b.at);
    const timer = this.queue.shift();
    if (!timer) throw new Error("no timer pending");
    this.nowMs = Math.max(this.nowMs, timer.at);
    timer.fn();
    await flush();
  }
}

export function memorySecrets(initial: Secrets | null = null): SecretStore & { value: Secrets | null } {
  const store = {
    value: initial,
    async load() {
      return store.value;
    },
    async save(secrets: Secrets) {
      store.value = secrets;
    },
  };
  return store;
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/** An SDK Reservation: sid, status, dates and task, emitting the SDK's events. */
export class FakeReservation extends EventEmitter {
  status: string;
  dateCreated: Date;
  dateUpdated: Date;
  task: { sid: string; status: string; attributes: unknown; dateCreated: Date };

  constructor(
    readonly sid: string,
    init: {
      status?: string;
      createdMs: number;
      updatedMs?: number;
      taskSid?: string;
      attributes?: unknown;
      /** When the task itself was created (it may have queued before this offer); default createdMs. */
      taskCreatedMs?: number;
    },
  ) {
    super();
    this.status = init.status ?? "pending";
    this.dateCreated = new Date(init.createdMs);
    this.dateUpdated = new Date(init.updatedMs ?? init.createdMs);
    this.task = {
      sid: init.taskSid ?? `WT${sid.slice(2)}`,
      status: this.status === "pending" ? "reserved" : "assigned",
      attributes: init.attributes ?? { type: "weblead", lead_id: "L-1", name: "Ada" },
      dateCreated: new Date(init.taskCreatedMs ?? init.createdMs),
    };
  }

  /** What the SDK does on a reservation event: new status (and the task's), then the event. */
  move(event: string, status: string, taskStatus = this.task.status): this {
    this.status = status;
    this.task.status = taskStatus;
    this.emit(event, this);
    return this;
  }
}

/**
 * A store of one value (persisted.ts's Persisted) that records every save and clear (JSON
 * round-tripped, as chrome.storage does).
 */
export function memoryStore<T>(initial: T | null = null) {
  const store = {
    value: initial,
    saves: [] as T[],
    clears: 0,
    async load(): Promise<T | null> {
      return store.value === null ? null : (JSON.parse(JSON.stringify(store.value)) as T);
    },
    async save(value: T): Promise<void> {
      store.saves.push(value);
      store.value = JSON.parse(JSON.stringify(value)) as T;
    },
    async clear(): Promise<void> {
      store.clears++;
      store.value = null;
    },
  };
  return store;
}
