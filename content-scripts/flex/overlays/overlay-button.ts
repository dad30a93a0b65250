/**
 * A button in one of our overlays. Its click stops at the button, so that none of Flex's handlers
 * around it (on the top bar, the body, the document) takes it for a click of Flex's own.
 */
import { element } from "./dom.ts";

export function overlayButton(
  doc: Document,
  attrs: Record<string, string>,
  onClick: () => void,
): HTMLButtonElement {
  const button = element(doc, "button", { type: "button", ...attrs });
  button.addEventListener("click", (event) => {
    event.stopPropagation();
    onClick();
  });
  return button;
}
