/**
 * The status chip in Flex's top bar (hb-status, CONTRACT §4): whether screen-pop is working, in the
 * popup's words, with the popup's one fixing action (hb-status-fix) where there is one. The agent
 * sees it where they work, without opening the popup. Before the first view it says so, rather
 * than claim anything.
 */
import { mainHeader } from "../../../content-scripts/flex/flex-landmarks.ts";
import type { GuardHealth } from "../../../content-scripts/flex/overlays/actions-link.ts";
import { element, setAttr, setHidden, setText } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { overlayButton } from "../../../content-scripts/flex/overlays/overlay-button.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";
import { type ConnectionFix, connectionHealth } from "../../domain/connection-health.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { updateWaitsFor } from "../updates/update-moment.ts";

export const STATUS_CHIP = "status-chip";

/** In Flex itself "open Flex" means loading it again: a fresh page hands over a fresh token. */
const FIX_LABEL_ON_FLEX: Partial<Record<ConnectionFix, string>> = { "open-flex": "Reload Flex" };

export const statusChipOverlay: FlexOverlayFeature = {
  name: "status chip",
  css: `
.hb-chip .hb-chip-dot { width: 8px; height: 8px; border-radius: 50%; background: #d61f1f; }
.hb-chip[data-status="connected"] .hb-chip-dot { background: #14b053; }
.hb-chip[data-guard="off"] .hb-chip-dot { background: #d61f1f; }
.hb-chip[data-status="signing-in"] .hb-chip-dot, .hb-chip[data-status="reconnecting"] .hb-chip-dot { background: #f5a623; }
.hb-chip .hb-chip-fix { all: revert; padding: 0 8px; border: 0; border-radius: 10px; background: #0263e0; color: #fff; font: 600 11px/1.6 "Inter", "Segoe UI", system-ui, sans-serif; cursor: pointer; }
.hb-chip .hb-chip-fix[hidden] { display: none; }
.hb-chip .hb-chip-fix:focus-visible { outline: 2px solid #121c2d; outline-offset: 2px; }
`,
  start: ({ doc, fix }) => ({
    apply: ({ view, guardHealth }) => applyStatusChip(doc, view, fix, guardHealth),
  }),
};

function createChip(doc: Document, onFix: (fix: ConnectionFix) => void): HTMLElement {
  const chip = element(doc, "div", {
    class: "hb-overlay hb-chip",
    role: "status",
    "data-testid": "hb-status",
  });
  const fix = overlayButton(doc, { class: "hb-chip-fix", "data-testid": "hb-status-fix" }, () => {
    const kind = fix.dataset.fix as ConnectionFix | undefined;
    if (kind) onFix(kind);
  });
  chip.append(
    element(doc, "span", { class: "hb-chip-dot", "aria-hidden": "true" }),
    element(doc, "span", { class: "hb-chip-text" }),
    fix,
  );
  return chip;
}

/**
 * When HunkBridge's listeners on Flex's Actions stop answering (a script on the page took them off
 * or replaced Flex's Actions), the chip says so before anything else: the agent and their lead
 * must know the guard in Flex is gone, though Twilio's rule and the disabled buttons still hold.
 */
export const GUARD_OFF_TEXT = "HunkBridge: transfer guard off";
const GUARD_OFF_TITLE =
  "HunkBridge's listeners on Flex's actions stopped answering: a script on this page may have removed them. " +
  "Weblead calls stay blocked at Twilio and on Flex's transfer buttons. Reload Flex to bring the guard back; if this stays, tell your admin.";

/**
 * When HunkBridge's scripts reached this Flex page after Flex's own (open before the install, or
 * restored by Chrome before the extension's scripts applied), no key proves the guard's answers
 * (content-scripts/flex/page-key.ts) until Flex reloads. Nothing is wrong with the agent's work, so
 * the chip keeps the connection's words and offers the reload as its fix, between calls only.
 */
const GUARD_UNPROVEN_TITLE =
  "HunkBridge reached this Flex page after Flex had started, so it can't yet prove that its transfer guard here is its own. " +
  "Weblead calls stay blocked at Twilio and on Flex's transfer buttons. Reload Flex when you have no call.";

export function applyStatusChip(
  doc: Document,
  view: AgentView | null,
  onFix: (fix: ConnectionFix) => void,
  guardHealth: GuardHealth = "starting",
): void {
  const chip = placeSingleOverlay(doc, STATUS_CHIP, mainHeader(doc), (d) => createChip(d, onFix));
  if (!chip) return;
  const status = view?.connection.status ?? null;
  const said = chipSays(view, guardHealth);
  const text = chip.querySelector(".hb-chip-text");
  if (text) setText(text, said.text);
  setAttr(chip, "title", said.title);
  setAttr(chip, "data-guard", guardHealth);
  setAttr(chip, "data-status", status);
  const fix = chip.querySelector<HTMLButtonElement>(".hb-chip-fix");
  if (fix) {
    setHidden(fix, said.fix === null);
    setAttr(fix, "data-fix", said.fix?.kind ?? null);
    setText(fix, said.fix?.label ?? "");
  }
}

/** The chip's words, its hover text and its one fix: the guard first, when it needs the agent. */
function chipSays(
  view: AgentView | null,
  guardHealth: GuardHealth,
): { text: string; title: string | null; fix: { kind: ConnectionFix; label: string } | null } {
  const reloadFlex = { kind: "open-flex", label: "Reload Flex" } as const;
  if (guardHealth === "off") return { text: GUARD_OFF_TEXT, title: GUARD_OFF_TITLE, fix: reloadFlex };
  const status = view?.connection.status ?? null;
  const health = status === null ? null : connectionHealth(status);
  // Offered only once signed in (a sign-in problem comes first) and with no call to lose.
  if (guardHealth === "unproven" && view && status === "connected" && updateWaitsFor(view) === null)
    return { text: `HunkBridge: ${health?.text}`, title: GUARD_UNPROVEN_TITLE, fix: reloadFlex };
  const fix = health?.fix ?? null;
  return {
    text: `HunkBridge: ${health?.text ?? "starting…"}`,
    // The detail (the refusal, the network error) is there for whoever hovers or asks.
    title: view?.connection.detail ?? health?.hint ?? null,
    fix: fix && { kind: fix.kind, label: FIX_LABEL_ON_FLEX[fix.kind] ?? fix.label },
  };
}
