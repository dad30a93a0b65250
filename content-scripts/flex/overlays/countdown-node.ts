/**
 * The one element both countdowns use: a polite live region with a label and the value, the value
 * alone carrying the test id so QA reads exactly the countdown text (CONTRACT §4).
 */
import { element, setText } from "./dom.ts";

export function createCountdownNode(doc: Document, testId: string, className: string, focusable: boolean) {
  const node = element(doc, "div", {
    class: `hb-overlay hb-countdown ${className}`,
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
  });
  if (focusable) node.tabIndex = 0;
  node.append(
    element(doc, "span", { class: "hb-label" }),
    element(doc, "span", { class: "hb-value", "data-testid": testId }),
  );
  return node;
}

export function updateCountdownNode(node: HTMLElement, label: string, value: string, urgent: boolean): void {
  const [labelEl, valueEl] = node.children;
  if (labelEl) setText(labelEl, label);
  if (valueEl) setText(valueEl, value);
  if (node.classList.contains("hb-urgent") !== urgent) node.classList.toggle("hb-urgent", urgent);
}
