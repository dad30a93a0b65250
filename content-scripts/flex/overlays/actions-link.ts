/**
 * The isolated world's end of the link to HunkBridge's listeners on Flex's Actions framework
 * (content-scripts/flex/actions/): it answers their number checks with the domain's NANP rules and
 * the configured caller ID, hears what they stopped, and asks them for the cold transfer to
 * customer service the agent confirmed. Messages come only from this page's own window and origin,
 * and are validated like every other message.
 */
import { normalizeNanp } from "../../../src/domain/phone.ts";
import {
  type FromFlexActions,
  type GuardState,
  PAGE_ACTIONS_SOURCE,
  parse,
  FromFlexActions as Schema,
  type StoppedTransferOrigin,
  type ToFlexActions,
} from "../../../src/protocol/messages.ts";
import { macOf, proofText, randomHex } from "../page-key.ts";

export type ActionsEvent =
  | { kind: "listening" }
  /** The MAIN-world guard went quiet or off, or came back (GuardHealth). */
  | { kind: "guard-health"; health: GuardHealth }
  | { kind: "transfer-stopped"; origin: StoppedTransferOrigin }
  | { kind: "dial-refused"; reason: string }
  | { kind: "transfer-result"; sid: string; error: string | null }
  /** `noted()` tells Flex's page the sign-out is handled (afterLogout waits for it). */
  | { kind: "signed-out"; noted(): void }
  | { kind: "flex-activity"; activity: { name: string; available: boolean } | null };

/**
 * What the isolated world knows of the MAIN-world guard: starting (Flex still booting, no copy heard
 * yet), on (the newest copy answered the last heartbeat with its listeners on Flex's Actions), off
 * (it stopped answering, or said Flex's Actions were replaced: fail closed, and say so).
 */
export type GuardHealth = "starting" | "on" | "off";

/** The heartbeat: how often the MAIN world is asked, how long its silence is tolerated. */
export const HEARTBEAT_MS = 2_000;
export const SILENT_AFTER_MS = 6_000;
/** Flex's real UI can take this long to create its Actions on a busy machine. */
export const BOOT_GRACE_MS = 45_000;

export interface LinkClock {
  now(): number;
  repeat(fn: () => void, ms: number): unknown;
  stop(handle: unknown): void;
}

export interface ActionsLink {
  /** The MAIN-world listeners are on Flex's Actions and answer. */
  readonly listening: boolean;
  readonly health: GuardHealth;
  /** Settles once every heartbeat answer received so far has been judged (their proofs checked). */
  judged(): Promise<void>;
  transferToCustomerService(sid: string, targetSid: string): void;
  dispose(): void;
}

type Outgoing = ToFlexActions extends infer M
  ? M extends unknown
    ? Omit<M, "source" | "to">
    : never
  : never;

export function connectActionsLink(
  win: Window,
  callerId: () => string | null,
  onEvent: (event: ActionsEvent) => void,
  clock: LinkClock = {
    now: () => Date.now(),
    repeat: (fn, ms) => win.setInterval(fn, ms),
    stop: (handle) => win.clearInterval(handle as number),
  },
  /**
   * The key the page half offered at document_start (page-key.ts), or null when there was none
   * (halves injected into an open tab): with a key, only proven heartbeat answers count.
   */
  pageKey: () => string | null = () => null,
): ActionsLink {
  /** The last hellos' nonces: a proof must answer one of them (no replay of an old answer). */
  const nonces: string[] = [];
  const startedAtMs = clock.now();
  /** Every copy heard (several versions may share the page): when it started, its state, when heard. */
  const copies = new Map<string, { startedAt: number; guard: GuardState; heardAtMs: number }>();
  let health: GuardHealth = "starting";
  const newest = () => [...copies.entries()].sort(([, a], [, b]) => b.startedAt - a.startedAt)[0];
  const judge = () => {
    const top = newest();
    const now = clock.now();
    const next: GuardHealth = !top
      ? now - startedAtMs > BOOT_GRACE_MS
        ? "off"
        : "starting"
      : top[1].guard !== "off" && now - top[1].heardAtMs <= SILENT_AFTER_MS
        ? "on"
        : "off";
    if (next === health) return;
    health = next;
    onEvent({ kind: "guard-health", health });
  };
  const post = (message: Outgoing) =>
    win.postMessage({ source: PAGE_ACTIONS_SOURCE, to: "page", ...message }, win.location.origin);

  const handle = (message: FromFlexActions) => {
    switch (message.kind) {
      case "listening": {
        // One at a time, in the order they came: a later answer never overtakes an earlier one.
        checking = checking.then(() => proven(message));
        void checking.then((ok) => {
          if (!ok) return;
          const first = !copies.has(message.copy);
          copies.set(message.copy, {
            startedAt: message.startedAt,
            guard: message.guard,
            heardAtMs: clock.now(),
          });
          judge();
          if (first) onEvent({ kind: "listening" });
        });
        return;
      }
      case "check-dial": {
        const phone = normalizeNanp(message.destination);
        post({
          kind: "dial-checked",
          id: message.id,
          verdict: phone.ok ? { ok: true, destination: phone.e164, callerId: callerId() } : { ok: false },
        });
        if (!phone.ok) onEvent({ kind: "dial-refused", reason: phone.error });
        return;
      }
      case "transfer-stopped":
        onEvent({ kind: "transfer-stopped", origin: message.origin });
        return;
      case "transfer-result":
        onEvent({ kind: "transfer-result", sid: message.sid, error: message.error });
        return;
      case "signed-out": {
        const { id } = message;
        onEvent({ kind: "signed-out", noted: () => post({ kind: "signed-out-noted", id }) });
        return;
      }
      case "flex-activity":
        onEvent({ kind: "flex-activity", activity: message.activity });
    }
  };

  /** Without a key every answer counts (unverified); with one, only an answer to a recent nonce MAC'd with it. */
  const proven = async (message: Extract<FromFlexActions, { kind: "listening" }>): Promise<boolean> => {
    const key = pageKey();
    if (key === null) return true;
    const { proof } = message;
    if (!proof || !nonces.includes(proof.nonce)) return false;
    try {
      return (
        (await macOf(crypto.subtle, key, proofText(proof.nonce, message.copy, message.guard))) === proof.mac
      );
    } catch {
      return false;
    }
  };
  let checking: Promise<boolean> = Promise.resolve(true);
  const hello = () => {
    const nonce = randomHex(16);
    nonces.push(nonce);
    if (nonces.length > 3) nonces.shift();
    post({ kind: "hello", nonce });
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== win || event.origin !== win.location.origin) return;
    const data = event.data as { source?: unknown; to?: unknown } | null;
    if (data?.source !== PAGE_ACTIONS_SOURCE || data.to !== "extension") return;
    const parsed = parse(Schema, data);
    if (parsed.ok) handle(parsed.value);
    else console.warn(`HunkBridge: ignored a malformed message from Flex's page (${parsed.error})`);
  };
  win.addEventListener("message", onMessage);
  // The MAIN-world script may have started first and said "listening" to nobody; and it answers
  // every hello, so the hellos are the heartbeat that tells a silent guard.
  hello();
  const heartbeat = clock.repeat(() => {
    judge();
    hello();
  }, HEARTBEAT_MS);

  return {
    get listening() {
      return health === "on";
    },
    get health() {
      return health;
    },
    judged: () => checking.then(() => undefined),
    transferToCustomerService(sid, targetSid) {
      const top = newest();
      if (top) post({ kind: "transfer-to-customer-service", copy: top[0], sid, targetSid });
    },
    dispose() {
      clock.stop(heartbeat);
      win.removeEventListener("message", onMessage);
    },
  };
}
