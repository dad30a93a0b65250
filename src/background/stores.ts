/**
 * Every value the service worker keeps in chrome.storage, in one table: its area, its key, the
 * schema it is read back with and whose data it holds (persisted.ts). Keys and shapes are what
 * users already have on disk: change one only with a way to read the old one.
 */

import { CallbackMemoryState } from "../features/callback-memory/memory.ts";
import { SessionKeyText } from "../features/callback-memory/phone-key.ts";
import { StoredDrafts } from "../features/drafts/worker-keeper.ts";
import { StoredPops } from "../features/screen-pop/worker-fills.ts";
import { StoredTimings } from "../features/speed-to-lead/worker-timings.ts";
import { StoredPageKeys } from "../features/transfer-guard/worker-page-keys.ts";
import { PendingUpdate } from "../features/updates/worker.ts";
import { OPTIONS_KEY } from "../platform/config-source.ts";
import { ConfigSnapshot } from "./config-snapshot.ts";
import {
  openStore,
  type Persisted,
  PlainObject,
  persisted,
  type StorageLike,
  type StoreSpec,
} from "./persisted.ts";
import { StoredSecrets, StoredSession } from "./session-shapes.ts";

// biome-ignore format: one row per store, read as a table
export const STORES = {
  // The agent's tasks and history, with their clients' attributes.
  session:           persisted({ area: "session", key: "session",           schema: StoredSession,       clientData: "until-sign-out" }),
  // Unsaved Hunkware edits: a client's details as the agent typed them.
  drafts:            persisted({ area: "session", key: "drafts",            schema: StoredDrafts,        clientData: "until-sign-out" }),
  // Which tab each lead's page was popped into, at which address.
  screenPops:        persisted({ area: "session", key: "screenPops",        schema: StoredPops,          clientData: "until-sign-out" }),
  // Tokens, not client data: the sign-out's own transition drops them (connection-machine.ts).
  secrets:           persisted({ area: "session", key: "secrets",           schema: StoredSecrets,       clientData: false }),
  // A keyed hash of each popped lead's number beside its lead id: kept through sign-outs, for
  // `callbackMemoryDays`, stamped with the agent (src/features/callback-memory/, docs/admin.md).
  callbackMemory:    persisted({ area: "local",   key: "callbackMemory",    schema: CallbackMemoryState, clientData: "until-another-agent" }),
  // Retired: the key those numbers were hashed with, on disk beside them. Deleted at start-up.
  callbackMemoryKey: persisted({ area: "local",   key: "callbackMemoryKey", schema: SessionKeyText,      clientData: false }),
  // The key they are hashed with when the token service gives the agent none (its callbackKey,
  // kept with the secrets): this browser session's, memory only.
  callbackSessionKey: persisted({ area: "session", key: "callbackSessionKey", schema: SessionKeyText,    clientData: false }),
  // Times, origins, lead ids and outcomes, never a name or number; stamped with the agent.
  leadTimings:       persisted({ area: "local",   key: "leadTimings",       schema: StoredTimings,       clientData: false }),
  configSnapshot:    persisted({ area: "local",   key: "configSnapshot",    schema: ConfigSnapshot,      clientData: false }),
  // An update Chrome has downloaded and HunkBridge applies between calls (src/features/updates/);
  // in memory only, so a browser restart (which applies it anyway) forgets it.
  pendingUpdate:     persisted({ area: "session", key: "pendingUpdate",     schema: PendingUpdate,       clientData: false }),
  // The key each open Flex page's two HunkBridge halves share, for its document only: it must
  // outlive an update, which clears storage.session (src/features/transfer-guard/worker-page-keys.ts).
  flexPageKeys:      persisted({ area: "local",   key: "flexPageKeys",      schema: StoredPageKeys,      clientData: false }),
  // Written by the options page and read by config-source.ts in both contexts (CONTRACT §1);
  // listed so that no store takes its key.
  options:           persisted({ area: "local",   key: OPTIONS_KEY,         schema: PlainObject,         clientData: false }),
};

export type StoreName = keyof typeof STORES;
type ValueOf<N extends StoreName> = (typeof STORES)[N] extends StoreSpec<infer T> ? T : never;
export type Stores = { [N in StoreName]: Persisted<ValueOf<N>> };

/** The stores whose `clientData` is `C`: e.g. what a sign-out must clear. */
export type StoresHolding<C> = {
  [N in StoreName]: (typeof STORES)[N]["clientData"] extends C ? N : never;
}[StoreName];

export function openStores(storage: StorageLike): Stores {
  const entries = Object.entries(STORES).map(([name, spec]) => [name, openStore<unknown>(spec, storage)]);
  return Object.fromEntries(entries) as Stores;
}
