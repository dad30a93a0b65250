/**
 * The agent is Available in Flex (Flex's own worker says so) while HunkBridge is not connected:
 * offers keep coming, but no client will open in Hunkware. What the banner says, or null.
 */
import { connectionHealth } from "../../domain/connection-health.ts";
import type { AgentView } from "../../protocol/messages.ts";

export function screenPopOffText(view: AgentView | null, flexAvailable: boolean): string | null {
  if (!flexAvailable || view?.connection.status === "connected") return null;
  if (!view) return "You are Available, but screen-pop is off: HunkBridge is not responding.";
  const health = connectionHealth(view.connection.status);
  const why = view.connection.detail ?? health.hint;
  return `You are Available, but screen-pop is off (HunkBridge: ${health.text})${why ? `: ${why}` : "."}`;
}
