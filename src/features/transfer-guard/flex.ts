/**
 * The transfer guard (CONTRACT §4): unless the task in hand is known to be an inbound callback,
 * every Flex transfer control is disabled (`disabled`, `aria-disabled="true"`), and a capture
 * listener on the document stops any click, key or pointer press on a transfer control before
 * Flex's own handlers see it — including controls Flex re-renders or opens later, which is what
 * makes the guard hold between a re-render and the next apply. A notice (hb-transfer-blocked)
 * says why. When transfer is allowed, the controls are left exactly as Flex made them.
 */
import {
  transferControlIn,
  transferControls,
  transferNoticeAnchor,
} from "../../../content-scripts/flex/flex-landmarks.ts";
import {
  disableControl,
  element,
  removeOverlays,
  restoreAll,
  setText,
  swallow,
} from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";
import { decideTransferGuard, type GuardDecision, stoppedTransferText } from "./guard-decision.ts";

export const TRANSFER_NOTICE = "transfer-notice";
/** On every control the guard disabled: how Flex had it (see disableControl). */
export const GUARD_MARKER = "data-hb-transfer-guard";
const TEST_ID = "hb-transfer-blocked";

/** Events that can start a transfer; all are stopped on a transfer control while blocked. */
const GUARDED_EVENTS = [
  "click",
  "auxclick",
  "dblclick",
  "pointerdown",
  "mousedown",
  "pointerup",
  "mouseup",
  "keydown",
  "keyup",
  "touchstart",
  "touchend",
] as const;

export const transferGuardOverlay: FlexOverlayFeature = {
  name: "transfer guard",
  start(ctx) {
    const guard = installTransferGuard(ctx.doc);
    return {
      markers: [GUARD_MARKER],
      apply: ({ view }) => guard.apply(decideTransferGuard(view)),
      onActionsEvent(event) {
        if (event.kind === "transfer-stopped") ctx.notify(stoppedTransferText(event.origin));
      },
      dispose: () => guard.dispose(),
    };
  },
};

export interface TransferGuard {
  apply(decision: GuardDecision): void;
  /** Removes the listeners and lifts the block (the extension was unloaded). */
  dispose(): void;
}

export function installTransferGuard(doc: Document): TransferGuard {
  let blocking = true; // fail closed until the first decision
  const onEvent = (event: Event) => {
    if (!blocking) return;
    if (event instanceof KeyboardEvent && event.key !== "Enter" && event.key !== " ") return;
    if (transferControlIn(event.composedPath())) swallow(event);
  };
  for (const type of GUARDED_EVENTS) doc.addEventListener(type, onEvent, { capture: true });

  return {
    apply(decision) {
      blocking = decision.block;
      applyTransferGuard(doc, decision);
    },
    dispose() {
      for (const type of GUARDED_EVENTS) doc.removeEventListener(type, onEvent, { capture: true });
      applyTransferGuard(doc, { block: false, reason: "inbound", message: null });
    },
  };
}

/** The DOM half of the guard: disabled controls and the notice, idempotent. */
export function applyTransferGuard(doc: Document, decision: GuardDecision): void {
  if (!decision.block || decision.message === null) {
    restoreAll(doc, GUARD_MARKER);
    removeOverlays(doc, TRANSFER_NOTICE);
    return;
  }
  for (const control of transferControls(doc)) disableControl(control, GUARD_MARKER);
  const notice = placeSingleOverlay(doc, TRANSFER_NOTICE, transferNoticeAnchor(doc), (d) =>
    element(d, "div", {
      class: "hb-overlay hb-notice",
      role: "status",
      "aria-live": "polite",
      tabindex: "0",
      "data-testid": TEST_ID,
    }),
  );
  if (notice) setText(notice, decision.message);
}
