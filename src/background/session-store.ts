/**
 * What the service worker keeps across its own restarts lives only in chrome.storage.session:
 * in memory, cleared when the browser closes, and (at its default access level) out of reach of
 * content scripts. Tokens in particular never touch disk.
 */
import type { Storage } from "webextension-polyfill";
import type { SecretStore, Secrets } from "./agent-connection.ts";

/** The parts of a chrome.storage area the stores here use (storage.local's too). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export function sessionValueStore<T>(area: Storage.StorageArea, key: string) {
  return {
    async load(): Promise<T | null> {
      return ((await area.get(key))[key] as T | undefined) ?? null;
    },
    async save(value: T): Promise<void> {
      await area.set({ [key]: value });
    },
  };
}

export function sessionSecretStore(area: Storage.StorageArea): SecretStore {
  return sessionValueStore<Secrets>(area, "secrets");
}
