/**
 * The one element both countdowns use: a label and the value, the value alone carrying the test id
 * so QA reads exactly the countdown text (CONTRACT §4). The value is a timer, which screen readers
 * don't read out as it ticks; a polite live region beside it says the phase once when it begins
 * ("Accept in 10 s", "Client dialed in 15 s", "Dialing…"), never every second.
 */
import { element, setText } from "../../../content-scripts/flex/overlays/dom.ts";

/** The countdowns' rules, on Flex's cards and canvases alike. */
export const COUNTDOWN_CSS = `
.hb-countdown { display: block; margin: 2px 0 0; padding: 0; font-weight: 600; color: #606b85; }
.hb-countdown .hb-value { font-variant-numeric: tabular-nums; color: #121c2d; }
.hb-countdown.hb-urgent .hb-value { color: #d61f1f; }
.hb-canvas-countdown { margin: 8px 0; font-size: 13px; }
.hb-countdown:focus-visible { outline: 2px solid #0263e0; outline-offset: 2px; }
`;

export function createCountdownNode(doc: Document, testId: string, className: string, focusable: boolean) {
  const node = element(doc, "div", { class: `hb-overlay hb-countdown ${className}` });
  if (focusable) node.tabIndex = 0;
  node.append(
    element(doc, "span", { class: "hb-label" }),
    element(doc, "span", { class: "hb-value", role: "timer", "data-testid": testId }),
    element(doc, "span", {
      class: "hb-sr-only",
      role: "status",
      "aria-live": "polite",
      "aria-atomic": "true",
    }),
  );
  return node;
}

export function updateCountdownNode(node: HTMLElement, label: string, value: string, urgent: boolean): void {
  const [labelEl, valueEl, phaseEl] = node.children;
  if (phaseEl && (labelEl?.textContent !== label || phaseEl.textContent === "" || !/\d/.test(value))) {
    // A new phase (or the first tick): say it once, with the time it starts from.
    setText(phaseEl, `${label}${value}`.trim());
  }
  if (labelEl) setText(labelEl, label);
  if (valueEl) setText(valueEl, value);
  if (node.classList.contains("hb-urgent") !== urgent) node.classList.toggle("hb-urgent", urgent);
}
