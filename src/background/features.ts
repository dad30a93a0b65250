/**
 * Every feature the service worker has, in the order they hear an event. A feature that needs
 * another's service is started after it and given just that service. Adding one is its folder
 * under src/features/ and its line here.
 */
import { startCallbackMemory } from "../features/callback-memory/worker.ts";
import { startDrafts } from "../features/drafts/worker.ts";
import { startFlexPresence } from "../features/flex-presence/worker.ts";
import { startOfferPrefetch } from "../features/offer-prefetch/worker.ts";
import { startOfferSignals } from "../features/offer-signals/worker.ts";
import { startScreenPop } from "../features/screen-pop/worker.ts";
import { startShortcuts } from "../features/shortcuts/worker.ts";
import { startSpeedToLead } from "../features/speed-to-lead/worker.ts";
import { startTransferGuardHealth } from "../features/transfer-guard/worker.ts";
import { startPageKeys } from "../features/transfer-guard/worker-page-keys.ts";
import { startUpdates } from "../features/updates/worker.ts";
import type { ReservationView } from "../protocol/messages.ts";
import type { WorkerCore, WorkerPart } from "./worker-feature.ts";

export interface WorkerFeatures {
  parts: readonly WorkerPart[];
  /** The lead a callback answers, for the session's view (the callback memory's). */
  linkedLead(sid: string): ReservationView["linkedLead"];
}

export function startWorkerFeatures(core: WorkerCore): WorkerFeatures {
  const callbackMemory = startCallbackMemory(core);
  const drafts = startDrafts(core);
  const offerPrefetch = startOfferPrefetch(core, { leadIdFor: callbackMemory.leadIdFor });
  const screenPop = startScreenPop(core, {
    leadIdFor: callbackMemory.leadIdFor,
    popped: callbackMemory.remember,
    beforeNavigate: drafts.keepOpenDraft,
    openPrepared: offerPrefetch.open,
  });
  return {
    parts: [
      startSpeedToLead(core),
      startOfferSignals(core),
      offerPrefetch,
      callbackMemory,
      screenPop,
      drafts,
      startFlexPresence(core),
      startShortcuts(core),
      startTransferGuardHealth(core),
      startPageKeys(core),
      // Last: it may reload the extension once every other part has seen the session change.
      startUpdates(core),
    ],
    linkedLead: callbackMemory.linkedLead,
  };
}
