// Starts the overlay controller on the happy-dom document with a fake clock and ticker.

import type { GuardHealth } from "../../../content-scripts/flex/overlays/actions-link.ts";
import type { SetAvailableResult } from "../../../content-scripts/flex/overlays/controller.ts";
import { type OverlayController, startOverlays } from "../../../content-scripts/flex/overlays/controller.ts";

export interface Started {
  overlays: OverlayController;
  clock: { now: number };
  /** The running ticker callback, or null when no countdown counts. */
  ticker(): (() => void) | null;
  setAvailable: { calls: number; result: SetAvailableResult };
  /** The status chip's fixing actions asked for. */
  fixes: string[];
  /** The fake link to the Actions listeners: whether they listen, and the transfers asked of them. */
  actions: { listening: boolean; health: GuardHealth; transfers: Array<{ sid: string; targetSid: string }> };
}

export function start(nowMs = 1_000_000): Started {
  const clock = { now: nowMs };
  let tick: (() => void) | null = null;
  const setAvailable = { calls: 0, result: { ok: true, view: null } as SetAvailableResult };
  const fixes: string[] = [];
  const actions = {
    listening: true,
    health: "on" as GuardHealth,
    transfers: [] as Array<{ sid: string; targetSid: string }>,
    transferToCustomerService(sid: string, targetSid: string) {
      this.transfers.push({ sid, targetSid });
    },
  };
  const overlays = startOverlays(document, {
    now: () => clock.now,
    setInterval: (fn) => {
      tick = fn;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
    setAvailable: async () => {
      setAvailable.calls++;
      return setAvailable.result;
    },
    fix: (kind) => void fixes.push(kind),
    actions,
  });
  return { fixes, overlays, clock, ticker: () => tick, setAvailable, actions };
}
