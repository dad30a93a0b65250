/**
 * The screen-pop-off banner (hb-screenpop-off): the agent is Available in Flex but HunkBridge is
 * not connected, so the leads they accept won't open in Hunkware. It says why, and stays until
 * HunkBridge is back or the agent is no longer Available. Under <body>, outside Flex's React root.
 */
import { element, ensureOverlay, removeOverlays, setText } from "./dom.ts";

export const SCREEN_POP_OFF = "screen-pop-off";

export function applyScreenPopOff(doc: Document, text: string | null): void {
  if (text === null || !doc.body) {
    removeOverlays(doc, SCREEN_POP_OFF);
    return;
  }
  const banner = ensureOverlay(doc.body, SCREEN_POP_OFF, (d) =>
    element(d, "div", {
      class: "hb-overlay hb-banner hb-banner-low",
      role: "alert",
      "data-testid": "hb-screenpop-off",
    }),
  );
  setText(banner, text);
  removeOverlays(doc, SCREEN_POP_OFF, new Set([banner]));
}
