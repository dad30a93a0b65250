import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Reservation, Worker as SdkWorker, WorkerOptions } from "twilio-taskrouter";
import type { CreateTaskInput } from "../../sandbox/emulator/admin-types.ts";
import type { Emulator, EmulatorOptions } from "../../sandbox/emulator/index.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";

/**
 * Shared helpers for the emulator's integration tests: start an emulator on port 0, get worker
 * tokens through the token service, connect the REAL twilio-taskrouter SDK, wait for events.
 */

// The SDK is a webpack CommonJS bundle whose exports Node's ESM loader cannot see by name
// (`import { Worker } from "twilio-taskrouter"` fails; only `default` exists), so load it as CJS.
const require = createRequire(import.meta.url);
export const { Worker } = require("twilio-taskrouter") as typeof import("twilio-taskrouter");
export type { SdkWorker };

export interface TestEmulator extends Emulator {
  /** Every log line, for diagnosing a failure. */
  lines: string[];
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const lines: string[] = [];
  const emulator = await startEmulator({ ...opts, log: (line) => lines.push(line) });
  return Object.assign(emulator, { lines });
}

export interface JsonReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary reply fields
  body: any;
}

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<JsonReply> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : JSON.parse(text) };
}

export async function getJson(url: string): Promise<JsonReply> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** A worker token for `identity`, obtained the way the extension does: Flex token → /token. */
export async function workerTokenFor(emulator: Emulator, identity: string): Promise<string> {
  const flexToken = await emulator.admin.issueFlexToken(identity);
  const reply = await postJson(emulator.tokenUrl, { flexToken });
  if (reply.status !== 200)
    throw new Error(`token service said ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.token as string;
}

/** Resolves with the listener arguments of the next `event`, or rejects after `timeoutMs`. */
export function nextEvent<T extends unknown[] = unknown[]>(
  emitter: EventEmitter | { once: EventEmitter["once"]; off: EventEmitter["off"] },
  event: string,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

/** Creates a task through the admin API and resolves with the reservation `worker`'s SDK is offered. */
export async function offerTo(
  emulator: Emulator,
  worker: SdkWorker,
  input: CreateTaskInput,
): Promise<Reservation> {
  const created = nextEvent<[Reservation]>(worker, "reservationCreated");
  emulator.admin.createTask(input);
  const [reservation] = await created;
  return reservation;
}

/** offerTo, then accepted with the SDK, once the reservation's own `accepted` event arrived. */
export async function acceptedBy(
  emulator: Emulator,
  worker: SdkWorker,
  input: CreateTaskInput,
): Promise<Reservation> {
  const reservation = await offerTo(emulator, worker, input);
  const accepted = nextEvent(reservation, "accepted");
  await reservation.accept();
  await accepted;
  return reservation;
}

/** Polls `check` until it returns true, or throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Connects SDK Workers the way the extension does (beside Flex: never close other sessions,
 * never go Offline on disconnect, no connectActivitySid) and disconnects them all in cleanup().
 */
export class SdkSessions {
  private readonly workers: SdkWorker[] = [];
  /** Errors the SDK emitted; tests assert this stays empty. */
  readonly errors: unknown[] = [];

  constructor(private readonly emulator: Emulator) {}

  /** A connected Worker, resolved on its first `ready`. */
  async connect(identity: string, options: WorkerOptions = {}): Promise<SdkWorker> {
    const token = await workerTokenFor(this.emulator, identity);
    const worker = new Worker(token, {
      ebServer: this.emulator.ebServer,
      wsServer: this.emulator.wsServer,
      closeExistingSessions: false,
      setWorkerOfflineIfDisconnected: false,
      logLevel: "silent",
      ...options,
    });
    this.workers.push(worker);
    worker.on("error", (err) => this.errors.push(err));
    await nextEvent(worker, "ready", 5000);
    return worker;
  }

  cleanup(): void {
    for (const worker of this.workers.splice(0)) worker.disconnect();
  }
}

/** A bare EventBridge socket (no SDK), recording every text frame it receives. */
export interface RawSocket {
  ws: import("ws").WebSocket;
  frames: string[];
  /** Parsed non-heartbeat frames. */
  events(): { event_type: string; payload: Record<string, unknown> }[];
  closed: Promise<number>;
}

export async function openRawSocket(emulator: Emulator, token: string, query = ""): Promise<RawSocket> {
  const { WebSocket } = await import("ws");
  const ws = new WebSocket(
    `${emulator.wsServer}?token=${token}&closeExistingSessions=false&clientVersion=2.1.1${query}`,
  );
  const frames: string[] = [];
  ws.on("message", (data) => frames.push(data.toString()));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    frames,
    closed,
    events: () => frames.filter((f) => f.trim() !== "").map((f) => JSON.parse(f)),
  };
}
