// Drives the options page rendered by tests/unit/popup/render.ts's mount(): waits, fields, typing, saving.
import { act } from "preact/test-utils";

/** Lets the page's storage reads and their re-render run. */
export async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

export const field = (root: HTMLElement, key: string) =>
  root.querySelector<HTMLElement>(`.field[data-key="${key}"]`);

export const input = (root: HTMLElement, key: string) =>
  root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#hb-opt-${key}`) as HTMLInputElement;

export function type(root: HTMLElement, key: string, text: string) {
  act(() => {
    const el = input(root, key);
    el.value = text;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export async function save(root: HTMLElement) {
  act(() => {
    root.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
  await settle();
}
