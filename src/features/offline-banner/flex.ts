/**
 * The Offline banner (hb-offline-banner): after a missed reservation set the agent Offline, one
 * button (hb-go-available) asks the service worker to set the agent Available through its worker
 * connection; a refusal is shown in the banner. The banner lives directly under <body>, outside
 * Flex's React root, fixed at the top so it never pushes Flex's layout around.
 */
import { element, setAttr, setHidden, setText } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { overlayButton } from "../../../content-scripts/flex/overlays/overlay-button.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";

export const OFFLINE_BANNER = "offline-banner";

export const offlineBannerOverlay: FlexOverlayFeature = {
  name: "Offline banner",
  start(ctx) {
    const banner: BannerState = { sending: false, error: null };
    const goAvailable = () => {
      if (banner.sending) return;
      banner.sending = true;
      banner.error = null;
      ctx.rerun();
      void ctx.setAvailable().then((result) => {
        banner.sending = false;
        if (!result.ok) banner.error = result.error;
        // The answer's view is the agent's state now, before the view port's push of it.
        else if (result.view) ctx.viewArrived(result.view);
        ctx.rerun();
      });
    };
    return {
      apply: ({ view }) => applyOfflineBanner(ctx.doc, view?.offlineAfterMiss === true, banner, goAvailable),
    };
  },
};

export interface BannerState {
  /** The set-available request is on its way. */
  sending: boolean;
  /** Why the last request failed, or null. */
  error: string | null;
}

function createBanner(doc: Document, onGoAvailable: () => void): HTMLElement {
  const banner = element(doc, "div", {
    class: "hb-overlay hb-banner",
    role: "alert",
    "data-testid": "hb-offline-banner",
  });
  banner.append(
    element(doc, "span", { class: "hb-message" }, "You missed a task, so you were set to Offline."),
    overlayButton(doc, { class: "hb-button", "data-testid": "hb-go-available" }, onGoAvailable),
    element(doc, "span", { class: "hb-error" }),
  );
  return banner;
}

export function applyOfflineBanner(
  doc: Document,
  show: boolean,
  state: BannerState,
  onGoAvailable: () => void,
): void {
  const banner = placeSingleOverlay(doc, OFFLINE_BANNER, show ? doc.body : null, (d) =>
    createBanner(d, onGoAvailable),
  );
  if (!banner) return;
  const button = banner.querySelector("button");
  const error = banner.querySelector<HTMLElement>(".hb-error");
  if (button) {
    setText(button, state.sending ? "Going Available…" : "Go Available");
    if (button.disabled !== state.sending) button.disabled = state.sending;
    setAttr(button, "aria-busy", state.sending ? "true" : null);
  }
  if (error) {
    setText(error, state.error === null ? "" : `Couldn't go Available: ${state.error}`);
    setHidden(error, state.error === null);
  }
}
