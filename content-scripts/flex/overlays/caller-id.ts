/**
 * Where the agent dials, the number clients will see (hb-caller-id): our outbound caller ID, the
 * number they call back on (CONTRACT §1), in the agents' 1-xxx-xxx-xxxx form.
 */
import { formatPhoneForDisplay } from "../../../src/domain/phone.ts";
import { outboundDialers } from "../flex-landmarks.ts";
import { element, ensureOverlay, removeOverlays, setText } from "./dom.ts";

export const CALLER_ID = "caller-id";

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
