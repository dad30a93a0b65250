/**
 * Pure decisions the overlays act on, from the agent view alone: which countdowns show, whether
 * transfer is blocked and why, whether the Offline banner shows. Unit-tested without a DOM.
 */
import { connectionHealth } from "../../../src/domain/connection-health.ts";
import {
  dialCountdownDeadline,
  pendingReservations as pendingOf,
  taskInHand,
} from "../../../src/domain/reservation.ts";
import type { AgentView, ReservationView, StoppedTransferOrigin } from "../../../src/protocol/messages.ts";

export function pendingReservations(view: AgentView | null): ReservationView[] {
  return view ? pendingOf(view) : [];
}

export function inHandReservation(view: AgentView | null): ReservationView | null {
  return view ? taskInHand(view) : null;
}

/** When Twilio dials the client of the task in hand, while its dial countdown runs. */
export function dialDeadline(view: AgentView | null): number | null {
  const r = inHandReservation(view);
  return r ? dialCountdownDeadline(r) : null;
}

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
 * inbound callback; anything else fails closed (CONTRACT §2, §4).
 */
export function decideTransferGuard(view: AgentView | null): GuardDecision {
  if (view?.connection.status !== "connected") return blocked("not-connected");
  const r = inHandReservation(view);
  if (!r) return blocked("unknown-task");
  if (r.origin === "inbound" && r.transferAllowed) return { block: false, reason: "inbound", message: null };
  return blocked(r.origin === "weblead" ? "weblead" : "unknown-origin");
}

export function showOfflineBanner(view: AgentView | null): boolean {
  return view?.offlineAfterMiss === true;
}

/**
 * The cold transfer to customer service on offer for the live call in hand: only an inbound call,
 * only with `customerServiceTarget` configured, only while HunkBridge is connected; else null.
 */
export function customerServiceTransfer(view: AgentView | null): { sid: string; targetSid: string } | null {
  if (view?.connection.status !== "connected") return null;
  const r = inHandReservation(view);
  const targetSid = view.calling.customerServiceTarget;
  if (!r || targetSid === null || r.origin !== "inbound" || !r.transferAllowed) return null;
  return r.phase === "review" || r.phase === "dialing" ? { sid: r.sid, targetSid } : null;
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

/** What the agent reads when a number was not dialed. */
export function refusedDialText(reason: string): string {
  return `Not dialed: ${reason}`;
}

/**
 * The agent is Available in Flex (Flex's own worker says so) while HunkBridge is not connected:
 * offers keep coming, but no client will open in Hunkware. What the banner says, or null.
 */
export function screenPopOffText(view: AgentView | null, flexAvailable: boolean): string | null {
  if (!flexAvailable || view?.connection.status === "connected") return null;
  if (!view) return "You are Available, but screen-pop is off: HunkBridge is not responding.";
  const health = connectionHealth(view.connection.status);
  const why = view.connection.detail ?? health.hint;
  return `You are Available, but screen-pop is off (HunkBridge: ${health.text})${why ? `: ${why}` : "."}`;
}
