/**
 * The callback memory in the service worker: popped leads by a keyed hash of their number
 * (worker-memory.ts), so a client who calls the outbound number back opens their lead.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";
import type { ReservationView } from "../../protocol/messages.ts";
import { CallbackMemory } from "./worker-memory.ts";

export interface CallbackMemoryPart extends WorkerPart {
  /** The lead a callback answers, by reservation SID, as the view shows it; null when none. */
  linkedLead(sid: string): ReservationView["linkedLead"];
  /** The lead id a reservation's screen-pop opens instead of the caller search; null when none. */
  leadIdFor(reservation: TrackedReservation): Promise<string | null>;
  /** A lead was popped: a callback from its number will open it. */
  remember(reservation: TrackedReservation): Promise<void>;
}

export function startCallbackMemory(core: WorkerCore): CallbackMemoryPart {
  const memory = new CallbackMemory({
    memory: core.stores.callbackMemory,
    // From the stored secrets, not the connection: a restarted service worker looks its restored
    // callbacks up before the connection has read them back. They hold the current agent's token.
    agentKey: async () => (await core.stores.secrets.load())?.worker?.callbackKey ?? null,
    sessionKey: core.stores.callbackSessionKey,
    subtle: core.crypto.subtle,
    randomBytes: (length) => core.crypto.getRandomValues(new Uint8Array(length)),
    now: core.now,
    days: () => core.config().callbackMemoryDays,
    linked: () => core.republishSession(),
  });
  const leadFor = (r: TrackedReservation) => memory.leadFor(r, core.config().outboundCallerId);
  return {
    linkedLead: (sid) => memory.linkedLead(sid),
    leadIdFor: (r) => leadFor(r).then((lead) => lead?.leadId ?? null),
    remember: (r) => memory.remember(r),
    // Each callback's lead is looked up on the offer, so the accept finds it ready.
    sessionChanged(session) {
      for (const r of session.reservations) void leadFor(r);
    },
    // Before the connection opens: another agent's remembered leads go before any lookup.
    agentChanged: (agent) => void memory.agentIs(agent),
    // Not stored: this sign-in's callbacks linked to their leads. The leads stay, for the agent's return.
    forgetClients: () => memory.forgetLinks(),
    // Earlier versions kept the key on disk beside the hashes, where a copy of the profile has
    // both: a leftover one goes.
    started: () =>
      core.stores.callbackMemoryKey
        .clear()
        .catch((error: unknown) =>
          console.warn("HunkBridge: could not delete the old callback memory key", error),
        ),
  };
}
