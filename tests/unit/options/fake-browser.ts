// A fake of the parts of webextension-polyfill the options page uses: managed and local storage
// with onChanged, and permissions that are all granted.
import { vi } from "vitest";

type Listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void;

export function fakeBrowser() {
  const listeners = new Set<Listener>();
  const areas: Record<"managed" | "local", Record<string, unknown>> = { managed: {}, local: {} };
  const area = (name: "managed" | "local") => ({
    get: vi.fn(async (key?: string) =>
      key === undefined ? { ...areas[name] } : key in areas[name] ? { [key]: areas[name][key] } : {},
    ),
    set: vi.fn(async (values: Record<string, unknown>) => {
      Object.assign(areas[name], structuredClone(values));
      const changes = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { newValue: v }]));
      for (const listener of listeners) listener(changes, name);
    }),
  });
  const browser = {
    storage: {
      managed: area("managed"),
      local: area("local"),
      onChanged: {
        addListener: (l: Listener) => listeners.add(l),
        removeListener: (l: Listener) => listeners.delete(l),
      },
    },
    permissions: {
      contains: vi.fn(async () => true),
      request: vi.fn(async () => true),
      onAdded: { addListener: () => {}, removeListener: () => {} },
      onRemoved: { addListener: () => {}, removeListener: () => {} },
    },
  };
  return { browser, areas };
}
