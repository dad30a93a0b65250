/**
 * Projects the domain's session onto the protocol's view: display text and deadlines only, so
 * neither raw attributes nor anything secret leaves the service worker.
 */
import { isCallback } from "../domain/callback.ts";
import { clientCard } from "../domain/client-card.ts";
import { CONFIG_DEFAULTS, type HunkBridgeConfig } from "../domain/config.ts";
import { isTransferAllowed } from "../domain/origin.ts";
import type { AgentSession, TrackedReservation } from "../domain/reservation.ts";
import type { AgentView, ReservationView } from "../protocol/messages.ts";

export function reservationView(r: TrackedReservation, outboundCallerId: string): ReservationView {
  return {
    sid: r.sid,
    taskSid: r.taskSid,
    origin: r.origin,
    phase: r.phase,
    createdAtMs: r.createdAtMs,
    acceptDeadlineMs: r.acceptDeadlineMs,
    acceptedAtMs: r.acceptedAtMs ?? null,
    dialAtMs: r.dialAtMs ?? null,
    client: clientCard(r.attributes, r.origin),
    problem: r.attributesError,
    transferAllowed: isTransferAllowed(r.origin),
    callback: isCallback(r.attributes, outboundCallerId),
  };
}

export function sessionView(
  session: AgentSession,
  outboundCallerId: string,
): Pick<AgentView, "reservations" | "inHand" | "offlineAfterMiss" | "history"> {
  return {
    reservations: session.reservations.map((r) => reservationView(r, outboundCallerId)),
    inHand: session.inHand,
    offlineAfterMiss: session.offlineAfterMiss,
    history: session.history,
  };
}

export function callingView(config: HunkBridgeConfig): AgentView["calling"] {
  return { callerId: config.outboundCallerId, customerServiceTarget: config.customerServiceTarget };
}

export const INITIAL_VIEW: AgentView = {
  connection: { status: "not-configured", detail: null, identity: null, retryAtMs: null },
  activity: null,
  activities: [],
  reservations: [],
  inHand: null,
  offlineAfterMiss: false,
  history: [],
  keptDrafts: [],
  flexTabs: 0,
  calling: callingView(CONFIG_DEFAULTS),
};
