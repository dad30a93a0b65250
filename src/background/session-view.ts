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

/** The lead a callback answers, by reservation SID (src/features/callback-memory/); null when none. */
export type LinkedLeads = (sid: string) => ReservationView["linkedLead"];
const NO_LINKS: LinkedLeads = () => null;

export function reservationView(
  r: TrackedReservation,
  outboundCallerId: string,
  linkedLeads: LinkedLeads = NO_LINKS,
): ReservationView {
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
    linkedLead: linkedLeads(r.sid),
  };
}

export function sessionView(
  session: AgentSession,
  outboundCallerId: string,
  linkedLeads: LinkedLeads = NO_LINKS,
): Pick<AgentView, "reservations" | "inHand" | "offlineAfterMiss" | "history"> {
  return {
    reservations: session.reservations.map((r) => reservationView(r, outboundCallerId, linkedLeads)),
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
  today: { startMs: 0, endMs: 0, tasks: [], agent: null },
  flexTabs: 0,
  update: null,
  transferGuard: null,
  calling: callingView(CONFIG_DEFAULTS),
};
