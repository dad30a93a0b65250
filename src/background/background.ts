/**
 * The service worker's composition root: the agent's connection, the reservation tracker, the
 * configuration's life and the view hub, wired together, and the features of features.ts, each
 * told of every event (worker-feature.ts). Browser APIs, the SDK, the clock and the timers come in
 * as `deps`, so the wiring unit-tests with fakes; main.ts only makes the real ones and registers
 * the listeners this returns.
 *
 * The path of a reservation: the SDK worker → `watchReservations()` → ReservationTracker (the
 * domain's table, storage.session) → `changed` → the view hub (popup, Flex, Hunkware) and the
 * features; on `accepted` → the screen-pop feature → the Hunkware tab, whose page is pushed its
 * fill as its view port opens.
 */
import type { Browser, Runtime } from "webextension-polyfill";
import { type HunkBridgeConfig, isUnderHunkware } from "../domain/config.ts";
import { isFlexUrl as isFlexOrigin } from "../domain/flex-tab.ts";
import type { AgentSession } from "../domain/reservation.ts";
import { CONFIG_RULES, loadConfig } from "../platform/config-source.ts";
import { type AgentView, type Reply, VIEW_PORT } from "../protocol/messages.ts";
import { AgentConnection, type Timers } from "./agent-connection.ts";
import { contentScriptsFor } from "./content-script-registry.ts";
import { reachOpenTabs, syncContentScripts } from "./content-script-sync.ts";
import { startWorkerFeatures } from "./features.ts";
import { allHandlers, routeRequest } from "./message-router.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { ReservationTracker } from "./reservation-tracker.ts";
import { type SenderInfo, type SenderRole, senderRole } from "./sender-role.ts";
import { callingView, INITIAL_VIEW, sessionView } from "./session-view.ts";
import { openStores } from "./stores.ts";
import { type Audience, ViewHub, viewFor } from "./view-hub.ts";
import { type CreateWorker, watchReservations } from "./worker-connection.ts";
import type { WorkerCore, WorkerPart } from "./worker-feature.ts";

/** Chrome stops an idle service worker; this alarm wakes it so the connection is restored. */
export const WATCHDOG_ALARM = "hb-watchdog";

/** The browser APIs the service worker uses (webextension-polyfill's shapes). */
export type BackgroundBrowser = Pick<
  Browser,
  "storage" | "tabs" | "windows" | "scripting" | "alarms" | "notifications" | "action" | "runtime"
>;

export interface BackgroundDeps {
  browser: BackgroundBrowser;
  createWorker: CreateWorker;
  fetch: typeof fetch;
  now(): number;
  timers: Timers;
  /** WebCrypto, for the callback memory's keyed hashes. */
  crypto: Pick<Crypto, "subtle" | "getRandomValues">;
  /** The original text of a task's attributes that were not JSON (sdk-frame-guard.ts). */
  unreadableAttributes?: (taskSid: string) => string | undefined;
  log(line: string): void;
}

/** What main.ts registers, one handler per browser event. */
export interface Background {
  /** The start-up: configuration read and applied, session restored, sign-in started. */
  started: Promise<HunkBridgeConfig>;
  onMessage(message: unknown, sender: SenderInfo): Promise<Reply>;
  onConnect(port: Runtime.Port): void;
  onConfigChanged(): void;
  /** Installed, updated or the browser started: open tabs get the content scripts. */
  onInstalledOrStartup(): void;
  /** Chrome downloaded an update of the extension: the updates feature applies it between calls. */
  onUpdateAvailable(version: string): void;
  onNotificationClicked(id: string): void;
  onCommand(name: string): void;
  onTabRemoved(tabId: number): void;
  /** A tab was created or navigated: Flex may have come or gone. */
  onTabsChanged(): void;
  onAlarm(name: string): void;
}

export function createBackground(deps: BackgroundDeps): Background {
  const { browser, now, timers, log } = deps;
  let config: HunkBridgeConfig | null = null;
  const requireConfig = (): HunkBridgeConfig => {
    if (!config) throw new Error("configuration not loaded yet");
    return config;
  };
  const stores = openStores(browser.storage);
  const hub = new ViewHub(INITIAL_VIEW);

  const core: WorkerCore = {
    browser,
    now,
    timers,
    crypto: deps.crypto,
    log,
    stores,
    config: requireConfig,
    isFlexUrl: (url) => isFlexOrigin(url, config?.flexOrigins ?? []),
    publish: (patch) => hub.update(patch),
    session: () => tracker.current,
    signOut: (why) => connection.signOut(why),
    republishSession: () => hub.update(viewOfSession(tracker.current)),
  };
  const features = startWorkerFeatures(core);
  const parts: readonly WorkerPart[] = features.parts;
  /** Every part's answer to one event, in the order of features.ts (undefined: the part has none). */
  const each = <T>(event: (part: WorkerPart) => T | undefined): T[] =>
    parts.flatMap((part) => {
      const answer = event(part);
      return answer === undefined ? [] : [answer];
    });

  /** The session as the pages see it, with what the features add to it. */
  const viewOfSession = (session: AgentSession): Partial<AgentView> =>
    sessionView(session, requireConfig().outboundCallerId, features.linkedLead);

  const tracker = new ReservationTracker({
    now,
    timers,
    store: stores.session,
    timing: () => requireConfig(),
    ...(deps.unreadableAttributes ? { unreadableAttributes: deps.unreadableAttributes } : {}),
    changed: (session) => {
      hub.update(Object.assign(viewOfSession(session), ...each((p) => p.sessionView?.(session))));
      for (const part of parts) part.sessionChanged?.(session);
    },
    accepted: (reservation) => Promise.all(each((p) => p.accepted?.(reservation))),
  });

  const connection = new AgentConnection({
    fetch: deps.fetch,
    rules: CONFIG_RULES,
    createWorker: deps.createWorker,
    now,
    timers,
    secrets: stores.secrets,
    publish: (view) => hub.update(view),
    // The SDK's reservation events go straight to the tracker.
    workerOpened: (worker) => watchReservations(worker, tracker),
    activityChanged: (activity) => {
      if (activity) tracker.activity(activity.available);
    },
    agentChanged: (previous, next) => {
      for (const part of parts) part.agentChanged?.(next);
      if (previous === null) return; // the first agent of this browser session: nothing to forget
      log(`another agent signed in to Flex (${next}); the previous agent's tasks and drafts are gone`);
      forgetClients();
    },
    signedOut: () => forgetClients(),
    log,
  });

  /**
   * The agent's clients leave the views, memory and storage with them (signed out, or another
   * agent): the session here, each feature's own (its `forgetClients`). Every store the registry
   * keeps "until-sign-out" has its owner among them (background.test.ts signs out with each such
   * store written, and checks it is gone).
   */
  function forgetClients(): void {
    void tracker.forgetAll();
    for (const part of parts) void part.forgetClients?.();
  }

  const reachTabs = (why: string) =>
    reachOpenTabs(browser.scripting, browser.tabs, contentScriptsFor(requireConfig()), why, log);

  /**
   * The configuration as policy, options and defaults make it now; its problems are logged. Kept
   * for the next browser start (config-snapshot.ts).
   */
  async function readConfig(): Promise<HunkBridgeConfig> {
    const next = await loadConfig(browser.storage);
    for (const problem of next.problems)
      console.warn(`HunkBridge config: ${problem.key}: ${problem.message}`);
    void stores.configSnapshot
      .save(next.config)
      .catch((error: unknown) =>
        console.warn("HunkBridge: could not keep the configuration for the next start", error),
      );
    return next.config;
  }

  /**
   * Puts a configuration in force: content scripts (unless `scripts` is false: a snapshot's are
   * still registered), the view, the connection (`start` the first time).
   */
  async function putInForce(c: HunkBridgeConfig, how: { start: boolean; scripts: boolean }): Promise<void> {
    config = c;
    if (how.scripts && (await syncContentScripts(browser.scripting, contentScriptsFor(c)))) {
      void reachTabs("content scripts registered").catch((error: unknown) =>
        console.error("HunkBridge: injecting into open tabs failed", error),
      );
    }
    hub.update(
      Object.assign(viewOfSession(tracker.current), ...each((p) => p.view?.()), { calling: callingView(c) }),
    );
    if (how.start) await connection.start(c.tokenUrl);
    else await connection.configure(c.tokenUrl);
  }

  /** A policy or options change. */
  const applyConfig = async () => putInForce(await readConfig(), { start: false, scripts: true });

  /**
   * The start-up: the configuration, the last session restored, the connection started. A browser
   * start has the configuration last in use at once (config-snapshot.ts), so the agent's restored
   * Flex does not wait seconds for Chrome's policy; the real configuration follows as soon as Chrome
   * has it. The first start of all reads it first.
   */
  async function startUp(): Promise<HunkBridgeConfig> {
    const snapshot = await stores.configSnapshot.load().catch(() => null);
    // Known before the session is restored: a restored review that is over ticks at once.
    config = snapshot ?? (await readConfig());
    await Promise.all([tracker.restore(), ...each((p) => p.restore?.())]);
    await putInForce(config, { start: true, scripts: snapshot === null });
    if (snapshot !== null) void applyInTurn(applyConfig);
    return config;
  }

  const started = startUp();
  started.catch((error: unknown) => console.error("HunkBridge failed to start", error));
  // One configuration change at a time (one-at-a-time.ts), after the start-up's own.
  const applyInTurn = oneAtATime(started, (error) =>
    console.error("HunkBridge: configuration change failed", error),
  );
  void started.then(() => Promise.all(each((p) => p.started?.())));
  void browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 0.5 });

  function roleOf(sender: SenderInfo) {
    const c = config;
    if (!c) return null;
    return senderRole(
      sender,
      browser.runtime.id,
      (origin) => c.flexOrigins.includes(origin),
      (url) => isUnderHunkware(url, c.hunkwareUrl),
    );
  }

  const handlers = allHandlers(
    {
      "get-view": async () => undefined,
      "flex-token": async (r) => void (await connection.flexToken(r.token, r.expiresAtMs)),
      "flex-signed-out": async () => void (await connection.signOut("You signed out of Flex")),
      "set-activity": async (r) => void (await connection.setActivity(r.activitySid)),
      "set-available": async () => void (await connection.setAvailable()),
      "retry-connection": async () => void (await connection.retry()),
      "open-options": async () => void (await browser.runtime.openOptionsPage()),
    },
    each((p) => p.handlers),
  );

  const afterStart = (what: string, task: () => unknown) =>
    void started.then(task).catch((error: unknown) => console.error(`HunkBridge: ${what} failed`, error));

  return {
    started,
    onMessage: (message, sender) =>
      started.then(() =>
        routeRequest(
          message,
          sender,
          roleOf,
          handlers,
          (role) => viewFor(audienceOf(role), hub.view),
          ({ type, role, error }) => {
            if (type === "flex-token" && role === "flex") connection.flexTokenUnusable(error);
          },
        ),
      ),
    onConnect(port) {
      if (port.name !== VIEW_PORT) return port.disconnect();
      afterStart("a view port", () => {
        const role = port.sender ? roleOf(port.sender) : null;
        if (!role) return port.disconnect();
        hub.attach(port, audienceOf(role));
        return Promise.all(each((p) => p.pageConnected?.(port, role)));
      });
    },
    onConfigChanged: () => void applyInTurn(applyConfig),
    onInstalledOrStartup: () =>
      afterStart("injecting into open tabs", () => reachTabs("installed, updated or browser started")),
    onUpdateAvailable: (version) =>
      afterStart("an update", () => {
        for (const part of parts) part.updateAvailable?.(version);
      }),
    onNotificationClicked(id) {
      for (const part of parts) part.notificationClicked?.(id);
    },
    onCommand: (name) => afterStart(`shortcut ${name}`, () => Promise.all(each((p) => p.command?.(name)))),
    // In the parts' order: a closed Hunkware tab's drafts go before Flex's presence is counted.
    onTabRemoved: (tabId) =>
      afterStart("a closed tab", async () => {
        for (const part of parts) await part.tabRemoved?.(tabId);
      }),
    onTabsChanged: () => afterStart("a tab change", () => Promise.all(each((p) => p.tabsChanged?.()))),
    onAlarm(name) {
      if (name !== WATCHDOG_ALARM)
        return afterStart(`alarm ${name}`, () => Promise.all(each((p) => p.alarm?.(name))));
      afterStart("the watchdog", () => Promise.all([connection.resume(), ...each((p) => p.watchdog?.())]));
    },
  };
}

const audienceOf = (role: SenderRole): Audience =>
  role === "popup" || role === "options" ? "extension" : "page";
