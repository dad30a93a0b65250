/**
 * The one transfer the agents' guide allows (hb-cs-transfer): on a live inbound call, "Transfer to
 * customer service", then a confirmation, then a cold transfer to `customerServiceTarget` through
 * Flex's own TransferTask action (actions-link.ts). Shown only when it can work: the call in hand
 * is inbound, the target is configured and HunkBridge's listeners are on Flex's Actions.
 */
import { liveCallCanvas } from "../../../content-scripts/flex/flex-landmarks.ts";
import { element, setAttr, setHidden, setText } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { overlayButton } from "../../../content-scripts/flex/overlays/overlay-button.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { customerServiceTransfer } from "./offer.ts";

export const CS_TRANSFER = "cs-transfer";

export const customerServiceTransferOverlay: FlexOverlayFeature = {
  name: "customer-service transfer",
  css: `
.hb-cs { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
.hb-cs .hb-cs-confirm { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.hb-cs .hb-button { all: revert; padding: 4px 12px; border: 0; border-radius: 4px; background: #0263e0; color: #fff; font: 600 12px/1.6 "Inter", "Segoe UI", system-ui, sans-serif; cursor: pointer; }
.hb-cs .hb-button.hb-secondary { background: #e1e3ea; color: #121c2d; }
.hb-cs .hb-button:disabled { opacity: 0.6; cursor: progress; }
.hb-cs .hb-button:focus-visible { outline: 2px solid #121c2d; outline-offset: 2px; }
.hb-cs .hb-status { color: #606b85; }
`,
  start(ctx) {
    let view: AgentView | null = null;
    /** The customer-service transfer of reservation `sid`: asked, confirmed, failed. */
    let state: CsTransferState = { phase: "idle", error: null };
    let sid: string | null = null;
    const set = (next: CsTransferState) => {
      state = next;
      ctx.rerun();
    };
    const actions: CsTransferActions = {
      ask() {
        set({ phase: "confirming", error: null });
        ctx.doc.querySelector<HTMLElement>('[data-testid="hb-cs-transfer-confirm"]')?.focus();
      },
      confirm() {
        const offer = customerServiceTransfer(view);
        if (!offer || state.phase === "sending") return;
        set({ phase: "sending", error: null });
        ctx.transferToCustomerService(offer.sid, offer.targetSid);
      },
      cancel: () => set({ phase: "idle", error: null }),
    };
    return {
      apply(frame) {
        view = frame.view;
        const offer = customerServiceTransfer(view);
        // Another call in hand starts from the beginning.
        if ((offer?.sid ?? null) !== sid) {
          sid = offer?.sid ?? null;
          state = { phase: "idle", error: null };
        }
        applyCsTransfer(ctx.doc, offer !== null && frame.actionsListening, state, actions);
      },
      onActionsEvent(event) {
        if (event.kind === "transfer-result" && event.sid === sid && event.error !== null)
          set({ phase: "failed", error: event.error });
      },
    };
  },
};

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
