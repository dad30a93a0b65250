/**
 * A short-lived notice (hb-action-notice) for what HunkBridge's Actions listeners stopped: a
 * transfer of a call that isn't inbound, a number that can't be dialed. Stopped actions can come
 * from anywhere (a Flex button, a shortcut, another plugin), so the notice is page-level, fixed at
 * the bottom outside Flex's React root, an alert a screen reader announces once; it goes away on
 * its own or with its close button.
 */
import { element, ensureOverlay, removeOverlays, setText } from "./dom.ts";

export const ACTION_NOTICE = "action-notice";
/** How long a notice stays: long enough to read two sentences. */
export const NOTICE_MS = 8_000;

export interface Notice {
  text: string;
  untilMs: number;
}

function createNotice(doc: Document, onClose: () => void): HTMLElement {
  const box = element(doc, "div", {
    class: "hb-overlay hb-toast",
    role: "alert",
    "data-testid": "hb-action-notice",
  });
  const close = element(doc, "button", { type: "button", class: "hb-close", "aria-label": "Dismiss" }, "×");
  close.addEventListener("click", (event) => {
    event.stopPropagation();
    onClose();
  });
  box.append(element(doc, "span", { class: "hb-message" }), close);
  return box;
}

export function applyActionNotice(doc: Document, notice: Notice | null, onClose: () => void): void {
  if (!notice || !doc.body) {
    removeOverlays(doc, ACTION_NOTICE);
    return;
  }
  const box = ensureOverlay(doc.body, ACTION_NOTICE, (d) => createNotice(d, onClose));
  const message = box.querySelector(".hb-message");
  if (message) setText(message, notice.text);
  removeOverlays(doc, ACTION_NOTICE, new Set([box]));
}
