/**
 * Two Flex tabs are two Flex sessions of the same agent: both ring, both can accept, and HunkBridge
 * follows the sign-in of the one loaded last. The notice (hb-flex-tabs), beside the status chip in
 * Flex's top bar of every Flex tab, says that one is enough.
 */
import { mainHeader } from "../../../content-scripts/flex/flex-landmarks.ts";
import { element, setText } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";

export const FLEX_TABS_NOTICE = "flex-tabs";

export const flexTabsNoticeOverlay: FlexOverlayFeature = {
  name: "Flex tabs notice",
  start: ({ doc }) => ({ apply: ({ view }) => applyFlexTabsNotice(doc, view?.flexTabs ?? 0) }),
};

export function flexTabsText(flexTabs: number): string | null {
  return flexTabs > 1
    ? `Flex is open in ${flexTabs} tabs; one is enough. Close the others: HunkBridge follows the one loaded last.`
    : null;
}

export function applyFlexTabsNotice(doc: Document, flexTabs: number): void {
  const text = flexTabsText(flexTabs);
  const notice = placeSingleOverlay(doc, FLEX_TABS_NOTICE, text === null ? null : mainHeader(doc), (d) =>
    element(d, "div", {
      class: "hb-overlay hb-chip hb-chip-warn",
      role: "status",
      "data-testid": "hb-flex-tabs",
    }),
  );
  if (notice && text !== null) setText(notice, text);
}
