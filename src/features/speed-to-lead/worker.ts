/**
 * Speed to lead in the service worker: today's timings, from offer to dial, kept across browser
 * restarts without client data (worker-timings.ts), in the view for the popup's panels.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { LeadTimings, localDay } from "./worker-timings.ts";

export function startSpeedToLead(core: WorkerCore): WorkerPart {
  const timings = new LeadTimings({
    store: core.stores.leadTimings,
    now: core.now,
    dayOf: localDay,
    changed: (today) => core.publish({ today }),
  });
  return {
    restore: () => timings.restore(),
    sessionView: (session) => ({ today: timings.observe(session) }),
    // Kept on disk: even the first agent of a browser session may be another.
    agentChanged: (agent) => timings.signedIn(agent),
    // Midnight drops the day's timings even while no task comes: within the watchdog's half minute.
    watchdog: async () => timings.rollover(),
  };
}
