/**
 * The screen-pop-off banner (hb-screenpop-off): the agent is Available in Flex but HunkBridge is
 * not connected, so the leads they accept won't open in Hunkware. It says why, and stays until
 * HunkBridge is back or the agent is no longer Available. Under <body>, outside Flex's React root.
 */
import { element, setText } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";
import { screenPopOffText } from "./screen-pop-off-text.ts";

export const SCREEN_POP_OFF = "screen-pop-off";

export const screenPopOffOverlay: FlexOverlayFeature = {
  name: "screen-pop off",
  start: ({ doc }) => ({
    apply: ({ view, flexAvailable }) => applyScreenPopOff(doc, screenPopOffText(view, flexAvailable)),
  }),
};

export function applyScreenPopOff(doc: Document, text: string | null): void {
  const banner = placeSingleOverlay(doc, SCREEN_POP_OFF, text === null ? null : doc.body, (d) =>
    element(d, "div", {
      class: "hb-overlay hb-banner hb-banner-low",
      role: "alert",
      "data-testid": "hb-screenpop-off",
    }),
  );
  if (banner && text !== null) setText(banner, text);
}
