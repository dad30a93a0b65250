/**
 * What a countdown may show, from when its window started as the test saw it: the time left when it
 * was read, to the display's second. A relation between the test's own clock readings, not a
 * threshold on how fast the machine is: on a loaded machine both ends move together.
 */
import { expect } from "vitest";

/**
 * `shown` seconds, read at `readAt`, of a `windowSeconds` countdown that started after `startedAt`
 * (both Date.now() in the test). The start is known to the second only (TaskRouter's dates are
 * whole seconds) and the display rounds up: two seconds of slack below, none above the window.
 */
export function expectCountdownLeft(shown: number, windowSeconds: number, startedAt: number, readAt: number) {
  const elapsed = (readAt - startedAt) / 1000;
  expect(shown).toBeLessThanOrEqual(windowSeconds);
  expect(shown).toBeGreaterThanOrEqual(Math.floor(windowSeconds - elapsed) - 2);
}
