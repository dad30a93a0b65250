/**
 * What a feature is to the service worker (background.ts), which walks the parts of
 * features.ts for every browser event. A feature lives in its folder under src/features/ (its
 * `worker.ts`) and is started once, with the worker's core: the browser, the clock, the stores,
 * the configuration in force, the view and the agent's session.
 */

import type { Runtime } from "webextension-polyfill";
import type { HunkBridgeConfig } from "../domain/config.ts";
import type { AgentSession, TrackedReservation } from "../domain/reservation.ts";
import type { AgentView } from "../protocol/messages.ts";
import type { Timers } from "./agent-connection.ts";
import type { BackgroundBrowser } from "./background.ts";
import type { RequestHandlers } from "./message-router.ts";
import type { SenderRole } from "./sender-role.ts";
import type { Stores } from "./stores.ts";

export interface WorkerCore {
  browser: BackgroundBrowser;
  now(): number;
  timers: Timers;
  /** WebCrypto, for keyed hashes. */
  crypto: Pick<Crypto, "subtle" | "getRandomValues">;
  log(line: string): void;
  stores: Stores;
  /** The configuration in force; throws before the first is loaded (no event reaches a part before). */
  config(): HunkBridgeConfig;
  isFlexUrl(url: string): boolean;
  /** Changes part of the agent view every page and the popup see. */
  publish(patch: Partial<AgentView>): void;
  /** The agent's reservations as the tracker has them now. */
  session(): AgentSession;
  /** Signs the agent out of HunkBridge, telling them why. */
  signOut(why: string): Promise<void>;
  /** The session's view published again (a callback's lead was found). */
  republishSession(): void;
}

/** A feature's answers to the worker's events; every one is optional. */
export interface WorkerPart {
  /** The requests this feature answers (each request type is answered by one part, or the core). */
  handlers?: Partial<RequestHandlers>;
  /** Its stored state read back, at start-up before the connection starts. */
  restore?(): Promise<unknown>;
  /** Its part of the view when a configuration is put in force. */
  view?(): Partial<AgentView>;
  /** Its part of the view after every change of the session, published with the session's. */
  sessionView?(session: AgentSession): Partial<AgentView>;
  /** After every change of the session has been published. */
  sessionChanged?(session: AgentSession): void;
  /** The agent accepted this reservation (announced once this settles). */
  accepted?(reservation: TrackedReservation): Promise<unknown>;
  /** An agent signed in to Flex (the same or another), before the connection opens. */
  agentChanged?(agent: string): void;
  /** The agent's clients go: they signed out, or another agent signed in. */
  forgetClients?(): unknown;
  /** The start-up is over. */
  started?(): Promise<unknown> | undefined;
  tabRemoved?(tabId: number): Promise<unknown> | undefined;
  /** A tab was created or navigated. */
  tabsChanged?(): Promise<unknown> | undefined;
  /** Every alarm but the watchdog's; a part ignores the names that are not its own. */
  alarm?(name: string): Promise<unknown> | undefined;
  /** The watchdog's half minute. */
  watchdog?(): Promise<unknown>;
  notificationClicked?(id: string): void;
  /** A page or the popup opened its view port (it already has the view). */
  pageConnected?(port: Runtime.Port, role: SenderRole): Promise<unknown> | undefined;
  command?(name: string): Promise<unknown>;
  /** Chrome downloaded an update of the extension (runtime.onUpdateAvailable). */
  updateAvailable?(version: string): void;
}
