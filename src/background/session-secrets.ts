/**
 * Tokens live only in chrome.storage.session: in memory, cleared when the browser closes, and
 * (at its default access level) out of reach of content scripts.
 */
import type { Storage } from "webextension-polyfill";
import type { SecretStore, Secrets } from "./agent-connection.ts";

const KEY = "secrets";

export function sessionSecretStore(area: Storage.StorageArea): SecretStore {
  return {
    async load() {
      const stored = (await area.get(KEY))[KEY] as Secrets | undefined;
      return stored ?? null;
    },
    async save(secrets) {
      await area.set({ [KEY]: secrets });
    },
  };
}
