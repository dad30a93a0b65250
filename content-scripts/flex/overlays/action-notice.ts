/**
 * A short-lived notice (hb-action-notice) for what HunkBridge's Actions listeners stopped: a
 * transfer of a call that isn't inbound, a number that can't be dialed. Stopped actions can come
 * from anywhere (a Flex button, a shortcut, another plugin), so the notice is page-level, fixed at
 * the bottom outside Flex's React root, an alert a screen reader announces once; it goes away on
 * its own or with its close button.
 */
import { element, setText } from "./dom.ts";
import type { Overlay } from "./overlay.ts";
import { overlayButton } from "./overlay-button.ts";
import { placeSingleOverlay } from "./single-overlay.ts";

export const ACTION_NOTICE = "action-notice";
/** How long a notice stays: long enough to read two sentences. */
export const NOTICE_MS = 8_000;

interface Notice {
  text: string;
  untilMs: number;
}

function createNotice(doc: Document, onClose: () => void): HTMLElement {
  const box = element(doc, "div", {
    class: "hb-overlay hb-toast",
    role: "alert",
    "data-testid": "hb-action-notice",
  });
  const close = overlayButton(doc, { class: "hb-close", "aria-label": "Dismiss" }, onClose);
  close.textContent = "×";
  box.append(element(doc, "span", { class: "hb-message" }), close);
  return box;
}

/** The controller's notice: `show` raises it; it is timed (it goes when its time is up). */
export function createActionNotice(
  doc: Document,
  now: () => number,
  rerun: () => void,
): Overlay & { show(text: string): void } {
  let notice: Notice | null = null;
  const close = () => {
    notice = null;
    rerun();
  };
  return {
    show(text) {
      notice = { text, untilMs: now() + NOTICE_MS };
      rerun();
    },
    tick({ nowMs }) {
      if (notice && nowMs >= notice.untilMs) notice = null;
      applyActionNotice(doc, notice, close);
      return notice !== null;
    },
  };
}

function applyActionNotice(doc: Document, notice: Notice | null, onClose: () => void): void {
  const box = placeSingleOverlay(doc, ACTION_NOTICE, notice ? doc.body : null, (d) =>
    createNotice(d, onClose),
  );
  if (!box || !notice) return;
  const message = box.querySelector(".hb-message");
  if (message) setText(message, notice.text);
}
