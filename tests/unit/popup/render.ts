// Renders a Preact tree into happy-dom's document for a test and cleans up after it.
import { type ComponentChild, render } from "preact";
import { act } from "preact/test-utils";
import { afterEach } from "vitest";

let containers: HTMLElement[] = [];

afterEach(() => {
  for (const container of containers) {
    render(null, container);
    container.remove();
  }
  containers = [];
});

export function mount(tree: ComponentChild): HTMLElement {
  const container = document.createElement("div");
  document.body.append(container);
  containers.push(container);
  act(() => render(tree, container));
  return container;
}

export function byTestId(root: ParentNode, id: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no [data-testid="${id}"]`);
  return found;
}

export function click(element: Element): void {
  act(() => {
    (element as HTMLElement).click();
  });
}
