/**
 * The one fake of webextension-polyfill's browser for unit tests (service worker, options page):
 * tabs, windows, action and notifications that log every call in `calls`, in order; storage areas
 * (session, local, managed) that copy values in and out, and remove them, as Chrome does and fire
 * onChanged; scripting, alarms, runtime and permissions. Promise shapes as the polyfill's.
 */
import { vi } from "vitest";

export type FakeTab = {
  id?: number;
  windowId?: number;
  url?: string;
  pendingUrl?: string;
  lastAccessed?: number;
  active?: boolean;
};

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;
type StorageListener = (changes: Changes, area: string) => void;
type AreaName = "session" | "local" | "managed";

export function fakeBrowser(initialTabs: FakeTab[] = []) {
  const tabs: FakeTab[] = initialTabs.map((t) => ({ ...t }));
  const calls: unknown[][] = [];
  const state = {
    nextTabId: 1000,
    focusedWindow: { id: 1, focused: true } as { id?: number; focused: boolean } | Error,
    notifications: new Map<string, Record<string, unknown>>(),
    badge: { text: "", color: "" },
    alarms: new Map<string, Record<string, unknown>>(),
    registeredScripts: [] as Array<{ id: string; matches?: string[] }>,
    injected: [] as unknown[],
    /** How a tab's content script answers tabs.sendMessage; by default none is there, as Chrome says. */
    contentScript: (async () => {
      throw new Error("Could not establish connection. Receiving end does not exist.");
    }) as (tabId: number, message: unknown) => Promise<unknown>,
  };
  const storageListeners = new Set<StorageListener>();
  const areas: Record<AreaName, Record<string, unknown>> = { session: {}, local: {}, managed: {} };
  const area = (name: AreaName) => ({
    get: vi.fn(async (key?: string | null) => {
      const all = structuredClone(areas[name]);
      if (key === undefined || key === null) return all;
      return key in all ? { [key]: all[key] } : {};
    }),
    set: vi.fn(async (values: Record<string, unknown>) => {
      const changes: Changes = {};
      for (const [key, value] of Object.entries(structuredClone(values))) {
        changes[key] = { oldValue: areas[name][key], newValue: value };
        areas[name][key] = value;
      }
      for (const listener of storageListeners) listener(changes, name);
    }),
    remove: vi.fn(async (keys: string | string[]) => {
      const changes: Changes = {};
      for (const key of typeof keys === "string" ? [keys] : keys) {
        if (!(key in areas[name])) continue;
        changes[key] = { oldValue: areas[name][key] };
        delete areas[name][key];
      }
      if (Object.keys(changes).length > 0) for (const listener of storageListeners) listener(changes, name);
    }),
  });
  const browser = {
    tabs: {
      async query(filter: { active?: boolean; windowId?: number; url?: string[] }) {
        calls.push(["tabs.query", filter]);
        return tabs
          .filter((t) => filter.active === undefined || Boolean(t.active) === filter.active)
          .filter((t) => filter.windowId === undefined || t.windowId === filter.windowId)
          .map((t) => ({ ...t }));
      },
      async get(id: number) {
        const tab = tabs.find((t) => t.id === id);
        if (!tab) throw new Error(`No tab with id: ${id}.`);
        return { ...tab };
      },
      async update(id: number, props: { url?: string; active?: boolean }) {
        calls.push(["tabs.update", id, props]);
        const tab = tabs.find((t) => t.id === id);
        if (!tab) throw new Error(`No tab with id: ${id}.`);
        Object.assign(tab, props);
        return { ...tab };
      },
      async sendMessage(id: number, message: unknown) {
        calls.push(["tabs.sendMessage", id, message]);
        return state.contentScript(id, message);
      },
      async create(props: { url?: string; active?: boolean }) {
        calls.push(["tabs.create", props]);
        const tab = { id: state.nextTabId++, windowId: 1, ...props };
        tabs.push(tab);
        return { ...tab };
      },
    },
    windows: {
      async update(id: number, props: { focused?: boolean }) {
        calls.push(["windows.update", id, props]);
        return { id, ...props };
      },
      async getLastFocused(options: unknown) {
        calls.push(["windows.getLastFocused", options]);
        if (state.focusedWindow instanceof Error) throw state.focusedWindow;
        return { ...state.focusedWindow };
      },
    },
    action: {
      async setBadgeText(details: { text: string }) {
        calls.push(["action.setBadgeText", details.text]);
        state.badge.text = details.text;
      },
      async setBadgeBackgroundColor(details: { color: string }) {
        calls.push(["action.setBadgeBackgroundColor", details.color]);
        state.badge.color = details.color;
      },
    },
    notifications: {
      async create(id: string, options: Record<string, unknown>) {
        calls.push(["notifications.create", id, options]);
        state.notifications.set(id, options);
        return id;
      },
      async clear(id: string) {
        calls.push(["notifications.clear", id]);
        return state.notifications.delete(id);
      },
    },
    storage: {
      session: area("session"),
      local: area("local"),
      managed: area("managed"),
      onChanged: {
        addListener: (l: StorageListener) => storageListeners.add(l),
        removeListener: (l: StorageListener) => storageListeners.delete(l),
      },
    },
    scripting: {
      async getRegisteredContentScripts() {
        return state.registeredScripts.map((s) => ({ ...s }));
      },
      async registerContentScripts(scripts: Array<{ id: string; matches?: string[] }>) {
        calls.push(["scripting.registerContentScripts", scripts.map((s) => s.id)]);
        state.registeredScripts.push(...scripts);
      },
      async unregisterContentScripts(filter: { ids: string[] }) {
        state.registeredScripts = state.registeredScripts.filter((s) => !filter.ids.includes(s.id));
      },
      async executeScript(injection: unknown) {
        state.injected.push(injection);
        return [];
      },
    },
    alarms: {
      async create(name: string, info: Record<string, unknown>) {
        calls.push(["alarms.create", name, info]);
        state.alarms.set(name, info);
      },
      async get(name: string) {
        return state.alarms.has(name) ? { name, ...state.alarms.get(name) } : undefined;
      },
      async clear(name: string) {
        return state.alarms.delete(name);
      },
    },
    runtime: {
      id: "ofknpifobakjhobajpenccalbkbdjghh",
      openOptionsPage: vi.fn(async () => {}),
      getManifest: () => ({ version: "1.0.0" }),
      reload: vi.fn(() => {}),
    },
    permissions: {
      contains: vi.fn(async () => true),
      request: vi.fn(async () => true),
      onAdded: { addListener: () => {}, removeListener: () => {} },
      onRemoved: { addListener: () => {}, removeListener: () => {} },
    },
  };
  const callsOf = (api: string) => calls.filter((c) => c[0] === api).map((c) => c.slice(1));
  return { browser, tabs, calls, callsOf, state, areas };
}
