/**
 * Where the agent dials, the number clients will see (hb-caller-id): our outbound caller ID, the
 * number they call back on (CONTRACT §1), in the agents' 1-xxx-xxx-xxxx form.
 */
import { outboundDialers } from "../../../content-scripts/flex/flex-landmarks.ts";
import {
  element,
  ensureOverlay,
  removeOverlays,
  setText,
} from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { formatPhoneForDisplay } from "../../domain/phone.ts";

export const CALLER_ID = "caller-id";

export const callerIdOverlay: FlexOverlayFeature = {
  name: "caller ID",
  start: ({ doc }) => ({ apply: ({ view }) => applyCallerId(doc, view?.calling.callerId ?? null) }),
};

export function applyCallerId(doc: Document, callerId: string | null): void {
  const keep = new Set<Element>();
  if (callerId !== null) {
    const text = `Clients see your call from ${formatPhoneForDisplay(callerId)}.`;
    for (const panel of outboundDialers(doc)) {
      const line = ensureOverlay(panel, CALLER_ID, (d) =>
        element(d, "p", { class: "hb-overlay hb-hint hb-info", "data-testid": "hb-caller-id" }),
      );
      setText(line, text);
      keep.add(line);
    }
  }
  removeOverlays(doc, CALLER_ID, keep);
}
