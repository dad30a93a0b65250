/**
 * Signals the agent can't miss while an offer rings (worker-signals.ts): the action badge's
 * countdown, and a notification when Flex is not in front; clicking it brings Flex forward.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { pendingReservations } from "../../domain/reservation.ts";
import { OfferSignals } from "./worker-signals.ts";

export function startOfferSignals(core: WorkerCore): WorkerPart {
  const signals = new OfferSignals(core.browser, core.timers, core.now, core.isFlexUrl);
  return {
    sessionChanged: (session) => void signals.update(pendingReservations(session)),
    notificationClicked: (id) => void signals.clicked(id),
  };
}
