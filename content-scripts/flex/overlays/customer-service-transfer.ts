/**
 * The one transfer the agents' guide allows (hb-cs-transfer): on a live inbound call, "Transfer to
 * customer service", then a confirmation, then a cold transfer to `customerServiceTarget` through
 * Flex's own TransferTask action (actions-link.ts). Shown only when it can work: the call in hand
 * is inbound, the target is configured and HunkBridge's listeners are on Flex's Actions.
 */
import { liveCallCanvas } from "../flex-landmarks.ts";
import { element, setAttr, setHidden, setText } from "./dom.ts";
import { overlayButton } from "./overlay-button.ts";
import { placeSingleOverlay } from "./single-overlay.ts";

export const CS_TRANSFER = "cs-transfer";

export type CsTransferPhase = "idle" | "confirming" | "sending" | "failed";

export interface CsTransferState {
  phase: CsTransferPhase;
  error: string | null;
}

export interface CsTransferActions {
  ask(): void;
  confirm(): void;
  cancel(): void;
}

function button(doc: Document, testId: string, cls: string, text: string, onClick: () => void): HTMLElement {
  const el = overlayButton(doc, { class: `hb-button ${cls}`, "data-testid": testId }, onClick);
  el.textContent = text;
  return el;
}

function createPanel(doc: Document, actions: CsTransferActions): HTMLElement {
  const panel = element(doc, "div", { class: "hb-overlay hb-cs", "data-testid": "hb-cs-panel" });
  const confirm = element(doc, "div", {
    class: "hb-cs-confirm",
    role: "group",
    "aria-label": "Confirm transfer",
  });
  confirm.append(
    element(doc, "span", {}, "Cold-transfer this caller to customer service? You leave the call."),
    button(doc, "hb-cs-transfer-confirm", "", "Transfer", actions.confirm),
    button(doc, "hb-cs-transfer-cancel", "hb-secondary", "Cancel", actions.cancel),
  );
  panel.append(
    button(doc, "hb-cs-transfer", "", "Transfer to customer service", actions.ask),
    confirm,
    element(doc, "span", { class: "hb-status", role: "status" }),
  );
  return panel;
}

export function applyCsTransfer(
  doc: Document,
  offer: boolean,
  state: CsTransferState,
  actions: CsTransferActions,
): void {
  const panel = placeSingleOverlay(doc, CS_TRANSFER, offer ? liveCallCanvas(doc) : null, (d) =>
    createPanel(d, actions),
  );
  if (!panel) return;
  const ask = panel.querySelector<HTMLButtonElement>('[data-testid="hb-cs-transfer"]');
  const confirmBox = panel.querySelector<HTMLElement>(".hb-cs-confirm");
  const confirm = panel.querySelector<HTMLButtonElement>('[data-testid="hb-cs-transfer-confirm"]');
  const status = panel.querySelector<HTMLElement>(".hb-status");
  const confirming = state.phase === "confirming" || state.phase === "sending";
  if (ask) setHidden(ask, confirming);
  if (confirmBox) setHidden(confirmBox, !confirming);
  if (confirm) {
    if (confirm.disabled !== (state.phase === "sending")) confirm.disabled = state.phase === "sending";
    setAttr(confirm, "aria-busy", state.phase === "sending" ? "true" : null);
  }
  if (status) {
    const text =
      state.phase === "sending"
        ? "Transferring…"
        : state.phase === "failed"
          ? `The transfer didn't go through: ${state.error ?? "unknown error"}`
          : "";
    setText(status, text);
    setHidden(status, text === "");
  }
}
