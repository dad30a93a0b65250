/**
 * Flex's store and Manager singleton as `Manager.create()` makes them, minus the network
 * (docs/flex-apis.md, "Running Flex's real UI offline"): `Manager.create()` needs
 * Twilio's IAM and configuration service, so a redux store is built from `FlexReducer` +
 * `applyFlexMiddleware()` + `flexStoreEnhancer`, and a `new Manager(config, store)` (which makes no
 * request) is registered as the singleton the way Manager.create does it. Shared by both realflex
 * pages (entry.ts and fixture/).
 */
import * as Flex from "@twilio/flex-ui";
import { combineReducers, compose, createStore, type Store } from "redux";

export interface OfflineFlex {
  store: Store<unknown>;
  manager: Flex.Manager;
}

/** Flex's Config: what `Manager.create(config)` takes (src/state/AppConfig.d.ts). */
type Config = ConstructorParameters<typeof Flex.Manager>[0];

/** `config` goes over the offline defaults (no telemetry, no browser voice, a memory router). */
export function createOfflineFlex(config: Partial<Config> = {}): OfflineFlex {
  const store = createStore(
    combineReducers({ flex: Flex.FlexReducer }),
    compose(Flex.applyFlexMiddleware(), Flex.flexStoreEnhancer),
  );
  const manager = new Flex.Manager(
    { disableTelemetry: true, disableBrowserVoice: true, router: { type: "memory" }, ...config },
    store as never,
  );
  // Flex.Manager is the public proxy class; its parent is the internal Manager whose `_instance`
  // Manager.create sets before `createProxiedInstance()` (the bundle, 2.17.1).
  const internal = Object.getPrototypeOf(Flex.Manager) as { _instance: unknown };
  internal._instance = manager;
  (Flex.Manager as unknown as { createProxiedInstance(): void }).createProxiedInstance();
  return { store, manager };
}

/**
 * Flex's internal singletons that realflex/build.ts exposes on `window` (Flex exports none of them):
 * FlexModule (its SDK clients have setters there), FlexClientManager (makes those clients) and
 * ConferenceListenerManager (turns a call task's conference into store state).
 */
export interface FlexInternals {
  flexModule: { workerClient: unknown; workspaceClient: unknown; cbmClient: unknown };
  clientManager: { initTaskRouterSDK(token: string): Promise<void>; initCBMSDK(token: string): void };
  conferenceListenerManager: { initialize(): void };
}

export function flexInternals(): FlexInternals {
  const w = window as unknown as {
    __FlexModuleForTest?: FlexInternals["flexModule"];
    __FlexClientManagerForTest?: FlexInternals["clientManager"];
    __ConferenceListenerManagerForTest?: FlexInternals["conferenceListenerManager"];
  };
  const flexModule = w.__FlexModuleForTest;
  const clientManager = w.__FlexClientManagerForTest;
  const conferenceListenerManager = w.__ConferenceListenerManagerForTest;
  if (!flexModule || !clientManager || !conferenceListenerManager) {
    throw new Error("Flex's internals are not exposed: was this page bundled by realflex/build.ts?");
  }
  return { flexModule, clientManager, conferenceListenerManager };
}
