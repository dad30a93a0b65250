/**
 * The current time for countdowns. The clock is read on every render, so a view that arrives after
 * a quiet spell never shows a stale countdown; a quarter-second tick re-renders only while some
 * countdown runs (an idle popup does no work), keeping the whole seconds within 250 ms of Flex's.
 */
import { useEffect, useState } from "preact/hooks";

export const TICK_MS = 250;

export function useNow(running: (nowMs: number) => boolean, clock: () => number = Date.now): number {
  const [, setTick] = useState(0);
  const now = clock();
  const active = running(now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
