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

const HEALTH: Record<ConnectionStatus, ConnectionHealth> = {
  "not-configured": {
    text: "Not configured",
    hint: "The token service address (tokenUrl) is not set.",
    fix: { kind: "open-options", label: "Open settings" },
  },
  "waiting-for-flex": {
    text: "Waiting for Flex",
    hint: "Open Flex and sign in; HunkBridge signs in with it.",
    fix: { kind: "open-flex", label: "Open Flex" },
  },
  "signing-in": { text: "Signing in…", hint: null, fix: null },
  connected: { text: "Connected", hint: null, fix: null },
  // The TaskRouter SDK reconnects by itself; a retry would only start a second attempt.
  reconnecting: { text: "Reconnecting…", hint: "Reconnecting by itself.", fix: null },
  // The Flex token was refused: only a fresh sign-in to Flex gives a new one.
  refused: {
    text: "Signed out",
    hint: "Your Flex sign-in was refused.",
    fix: { kind: "open-flex", label: "Sign in to Flex" },
  },
  "token-service-down": {
    text: "Token service down",
    hint: "The token service did not answer.",
    fix: { kind: "retry", label: "Retry now" },
  },
};

export function connectionHealth(status: ConnectionStatus): ConnectionHealth {
  return HEALTH[status];
}
