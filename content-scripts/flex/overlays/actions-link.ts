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
import { macOf, type PageKeyState, proofText, randomHex } from "../page-key.ts";

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
 * yet), on (the newest proven copy answered the last heartbeat with its listeners on Flex's
 * Actions), unproven (a copy answers, but with no key in this tab none can prove it is ours: Flex
 * was open before HunkBridge was installed; reloading Flex makes it provable), off (it stopped
 * answering, or said Flex's Actions were replaced: fail closed, and say so).
 */
export type GuardHealth = "starting" | "on" | "unproven" | "off";

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
  /** The MAIN-world listeners are on Flex's Actions and answer (proven or not). */
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
   * The key the two halves share (page-key.ts): with one, only proven heartbeat answers count;
   * null when this tab has none (every answer counts, unproven); undefined while it may still come.
   */
  pageKey: () => PageKeyState = () => null,
): ActionsLink {
  /** The last hellos' nonces: a proof must answer one of them (no replay of an old answer). */
  const nonces: string[] = [];
  const startedAtMs = clock.now();
  /**
   * Every copy heard (several versions may share the page): when it started, its state, when heard,
   * and whether its answer was proven with the key.
   */
  const copies = new Map<
    string,
    { startedAt: number; guard: GuardState; heardAtMs: number; proven: boolean }
  >();
  let health: GuardHealth = "starting";
  /**
   * The newest copy that counts: with a key, the newest proven one. After an update under an open
   * Flex that is the copy there from document_start: the newer copy injected beside it can't prove
   * itself (nor can a page script posing as one), so the proven copy keeps the guard and the commands.
   */
  const newest = () =>
    [...copies.entries()]
      .filter(([, copy]) => copy.proven || typeof pageKey() !== "string")
      .sort(([, a], [, b]) => b.startedAt - a.startedAt)[0];
  const judge = () => {
    const key = pageKey();
    const top = key === undefined ? undefined : newest();
    const now = clock.now();
    const next: GuardHealth = !top
      ? now - startedAtMs > BOOT_GRACE_MS
        ? "off"
        : "starting"
      : top[1].guard === "off" || now - top[1].heardAtMs > SILENT_AFTER_MS
        ? "off"
        : key === null
          ? "unproven"
          : "on";
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
          if (ok === false) return;
          const first = !copies.has(message.copy);
          copies.set(message.copy, {
            startedAt: message.startedAt,
            guard: message.guard,
            heardAtMs: clock.now(),
            proven: ok === true,
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

  /**
   * With a key, only an answer to a recent nonce MAC'd with it is proven (true), any other is
   * dropped (false). Without one yet, every answer is heard, unproven ("unproven").
   */
  const proven = async (
    message: Extract<FromFlexActions, { kind: "listening" }>,
  ): Promise<boolean | "unproven"> => {
    const key = pageKey();
    if (typeof key !== "string") return "unproven";
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
  let checking: Promise<boolean | "unproven"> = Promise.resolve(true);
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
      // Unproven still listens: it is how it was before proofs, and Flex reloads it to proven.
      return health === "on" || health === "unproven";
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
