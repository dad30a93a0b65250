/**
 * What the popup and the status chip on Flex say about the connection, and the one action that
 * fixes it. Each status has at most one fix, so the agent never has to guess which button matters.
 */
import type { ConnectionStatus } from "../protocol/messages.ts";

/** open-options: configure; open-flex: the Flex tab (sign in there); retry: ask the worker again. */
export type ConnectionFix = "open-options" | "open-flex" | "retry";

export type ConnectionHealth = {
  text: string;
  /** Shown when the service worker gives no detail of its own. */
  hint: string | null;
  fix: { kind: ConnectionFix; label: string } | null;
};

const WORDS: Record<ConnectionStatus, Pick<ConnectionHealth, "text" | "hint">> = {
  "not-configured": { text: "Not configured", hint: "The token service address (tokenUrl) is not set." },
  "waiting-for-flex": {
    text: "Waiting for Flex",
    hint: "Open Flex and sign in; HunkBridge signs in with it.",
  },
  "signing-in": { text: "Signing in…", hint: null },
  connected: { text: "Connected", hint: null },
  reconnecting: { text: "Reconnecting…", hint: "Reconnecting by itself." },
  refused: {
    text: "Sign-in refused",
    hint: "The token service refused your Flex sign-in. If Flex itself works, tell your admin.",
  },
  "token-service-down": {
    text: "Token service down",
    hint: "The token service did not answer; tell your admin.",
  },
};

/**
 * The statuses with a fix. Not reconnecting: the TaskRouter SDK reconnects by itself, and a retry
 * would only start a second attempt.
 */
const FIXES: Partial<Record<ConnectionStatus, NonNullable<ConnectionHealth["fix"]>>> = {
  "not-configured": { kind: "open-options", label: "Open settings" },
  "waiting-for-flex": { kind: "open-flex", label: "Open Flex" },
  // A refusal is often the token service's own trouble (a rotated credential): Flex is fine, so the
  // fix is to ask again (HunkBridge also does, every 2 minutes and with Flex's next token).
  refused: { kind: "retry", label: "Retry now" },
  "token-service-down": { kind: "retry", label: "Retry now" },
};

export function connectionHealth(status: ConnectionStatus): ConnectionHealth {
  return { ...WORDS[status], fix: FIXES[status] ?? null };
}
