/**
 * The overlays' CSS: every rule is scoped to an `hb-` class, so Flex's CSS and ours never touch
 * each other's elements. Small type and Flex's palette (Paste tokens), so the overlays read as
 * part of Flex. Here the pieces overlays share (banner, chip, hint, notice, toast); a feature's
 * own rules come with it (FlexOverlayFeature `css`). Inserted once as a <style> with
 * textContent; re-inserted if something removes it.
 */
import { OVERLAY_ATTR } from "./dom.ts";

const CSS = `
.hb-overlay { box-sizing: border-box; font: 12px/1.4 "Inter", "Segoe UI", system-ui, sans-serif; color: #121c2d; }
.hb-overlay[hidden] { display: none !important; }
.hb-sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.hb-notice:focus-visible { outline: 2px solid #0263e0; outline-offset: 2px; }
.hb-notice { display: block; margin: 8px 0; padding: 6px 10px; border-left: 3px solid #d61f1f; border-radius: 4px; background: #fef5f5; font-size: 12px; }
.hb-banner { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); z-index: 2147483000; display: flex; align-items: center; gap: 12px; max-width: min(640px, calc(100vw - 32px)); padding: 8px 12px; border: 1px solid #f5a623; border-radius: 4px; background: #fffbf2; box-shadow: 0 2px 8px rgba(18, 28, 45, 0.2); font-size: 13px; }
.hb-banner .hb-button { all: revert; padding: 4px 12px; border: 0; border-radius: 4px; background: #0263e0; color: #fff; font: 600 12px/1.6 "Inter", "Segoe UI", system-ui, sans-serif; cursor: pointer; }
.hb-banner .hb-button:disabled { opacity: 0.6; cursor: progress; }
.hb-banner .hb-button:focus-visible { outline: 2px solid #121c2d; outline-offset: 2px; }
.hb-banner .hb-error { color: #d61f1f; }
.hb-banner.hb-banner-low { top: 64px; border-color: #d61f1f; background: #fef5f5; }
.hb-hint { display: block; margin: 4px 0; font-size: 12px; color: #d61f1f; }
.hb-hint.hb-info { color: #606b85; }
.hb-toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); z-index: 2147483000; display: flex; align-items: center; gap: 12px; max-width: min(640px, calc(100vw - 32px)); padding: 8px 12px; border-left: 3px solid #d61f1f; border-radius: 4px; background: #fef5f5; box-shadow: 0 2px 8px rgba(18, 28, 45, 0.2); font-size: 13px; }
.hb-toast .hb-close { all: revert; border: 0; background: none; font-size: 16px; line-height: 1; cursor: pointer; color: #606b85; }
.hb-toast .hb-close:focus-visible { outline: 2px solid #121c2d; outline-offset: 2px; }
.hb-chip { display: inline-flex; align-items: center; gap: 6px; margin: 0 8px; padding: 2px 8px; border: 1px solid #c4c9d7; border-radius: 12px; background: #fff; font-size: 12px; white-space: nowrap; }
.hb-chip.hb-chip-warn { border-color: #f5a623; background: #fffbf2; white-space: normal; }
`;

/** `features`: the features' own rules, after the shared ones. */
export function ensureStyles(doc: Document, features: string): void {
  if (doc.querySelector(`style[${OVERLAY_ATTR}="styles"]`)) return;
  const parent = doc.head ?? doc.documentElement;
  if (!parent) return;
  const style = doc.createElement("style");
  style.setAttribute(OVERLAY_ATTR, "styles");
  style.textContent = CSS + features;
  parent.append(style);
}
