/**
 * Whether Flex's transfer controls are blocked and why, from the agent view alone (CONTRACT §2,
 * §4), and what the agent reads when a listener on Flex's Actions stopped a transfer.
 */
import { inHandReservation } from "../../domain/view-queries.ts";
import type { AgentView, StoppedTransferOrigin } from "../../protocol/messages.ts";

export type GuardReason = "inbound" | "weblead" | "unknown-origin" | "unknown-task" | "not-connected";

export interface GuardDecision {
  block: boolean;
  reason: GuardReason;
  /** What the notice says when blocked; null when transfer is allowed. */
  message: string | null;
}

const ONLY_INBOUND = "Only inbound calls go to customer service.";
const MESSAGES: Record<Exclude<GuardReason, "inbound">, string> = {
  weblead: `Transfer is off for this call: it is a web lead. ${ONLY_INBOUND}`,
  "unknown-origin": `Transfer is off for this call: its origin is unknown. ${ONLY_INBOUND}`,
  "unknown-task": `Transfer is off: HunkBridge doesn't know this call yet. ${ONLY_INBOUND}`,
  "not-connected": `Transfer is off: HunkBridge is not connected, so it can't confirm this is an inbound call. ${ONLY_INBOUND}`,
};

function blocked(reason: Exclude<GuardReason, "inbound">): GuardDecision {
  return { block: true, reason, message: MESSAGES[reason] };
}

/**
 * Transfer is allowed only when the extension is connected and knows the task in hand is an
 * inbound callback; anything else fails closed.
 */
export function decideTransferGuard(view: AgentView | null): GuardDecision {
  if (view?.connection.status !== "connected") return blocked("not-connected");
  const r = inHandReservation(view);
  if (!r) return blocked("unknown-task");
  if (r.origin === "inbound" && r.transferAllowed) return { block: false, reason: "inbound", message: null };
  return blocked(r.origin === "weblead" ? "weblead" : "unknown-origin");
}

const STOPPED_BECAUSE: Record<StoppedTransferOrigin, string> = {
  weblead: "this call is a web lead",
  unknown: "this call's origin is unknown",
  "no-task": "Flex didn't say which call it was",
};

/** What the agent reads when HunkBridge's listener stopped a transfer on Flex's Actions. */
export function stoppedTransferText(origin: StoppedTransferOrigin): string {
  return `Transfer stopped: ${STOPPED_BECAUSE[origin]}. ${ONLY_INBOUND}`;
}
