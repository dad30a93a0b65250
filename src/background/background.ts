/**
 * The service worker's composition root: the agent's connection, the reservation tracker, the
 * screen-pop, the signals, the stores and the view hub, wired together. Browser APIs, the SDK,
 * the clock and the timers come in as `deps`, so the wiring unit-tests with fakes; main.ts only
 * makes the real ones and registers the listeners this returns.
 *
 * The path of a reservation: the SDK worker → `watchReservations()` → ReservationTracker (domain
 * reducers, storage.session) → `changed` → the view hub (popup, Flex, Hunkware) and the signals;
 * on `accepted` → `screenPop()` → the Hunkware tab, whose content script asks for its fill.
 */
import type { Browser, Runtime } from "webextension-polyfill";
import { type HunkBridgeConfig, isUnderHunkware } from "../domain/config.ts";
import { isFlexUrl as isFlexOrigin } from "../domain/flex-tab.ts";
import { pendingReservations, type TrackedReservation } from "../domain/reservation.ts";
import { loadConfig } from "../platform/config-source.ts";
import { type Reply, VIEW_PORT } from "../protocol/messages.ts";
import { AgentConnection, type Timers } from "./agent-connection.ts";
import { CallbackMemory } from "./callback-memory.ts";
import { runCommand } from "./commands.ts";
import { contentScriptsFor } from "./content-script-registry.ts";
import { injectIntoOpenTabs, syncContentScripts } from "./content-script-sync.ts";
import { DraftKeeper } from "./drafts.ts";
import { fieldsToFill } from "./field-fill.ts";
import { FlexPresence } from "./flex-presence.ts";
import { LeadTimings, localDay } from "./lead-timings-store.ts";
import { type RequestHandlers, routeRequest } from "./message-router.ts";
import { OfferPrefetch } from "./offer-prefetch.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { ReservationTracker } from "./reservation-tracker.ts";
import { pickHunkwareTab, screenPop, screenPopTarget } from "./screen-pop.ts";
import { ScreenPopFills } from "./screen-pop-fills.ts";
import { type SenderInfo, type SenderRole, senderRole } from "./sender-role.ts";
import { callingView, INITIAL_VIEW, type LinkedLeads, sessionView } from "./session-view.ts";
import { OfferSignals } from "./signals.ts";
import { openStores, type StoresHolding } from "./stores.ts";
import { type Audience, ViewHub, viewFor } from "./view-hub.ts";
import { type CreateWorker, watchReservations } from "./worker-connection.ts";

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
  const isFlexUrl = (url: string) => isFlexOrigin(url, config?.flexOrigins ?? []);
  const stores = openStores(browser.storage);
  const hub = new ViewHub(INITIAL_VIEW);
  const signals = new OfferSignals(browser, timers, now, isFlexUrl);
  const publishSession = () =>
    hub.update(sessionView(tracker.current, requireConfig().outboundCallerId, linkedLeads));

  const tracker = new ReservationTracker({
    now,
    timers,
    store: stores.session,
    timing: () => requireConfig(),
    ...(deps.unreadableAttributes ? { unreadableAttributes: deps.unreadableAttributes } : {}),
    changed: (session) => {
      const { outboundCallerId } = requireConfig();
      hub.update({
        ...sessionView(session, outboundCallerId, linkedLeads),
        today: leadTimings.observe(session),
      });
      void signals.update(pendingReservations(session));
      void offerPrefetch.update(session);
      // Each callback's lead is looked up on the offer, so the accept finds it ready.
      for (const r of session.reservations) void callbackMemory.leadFor(r, outboundCallerId);
    },
    accepted: (reservation) => popScreen(reservation),
  });

  // Popped leads by a keyed hash of their number, so a callback opens its lead (issue #16 §2).
  const callbackMemory = new CallbackMemory({
    memory: stores.callbackMemory,
    installKey: stores.callbackMemoryKey,
    subtle: deps.crypto.subtle,
    randomBytes: (length) => deps.crypto.getRandomValues(new Uint8Array(length)),
    now,
    days: () => requireConfig().callbackMemoryDays,
    linked: publishSession,
  });
  const linkedLeads: LinkedLeads = (sid) => callbackMemory.linkedLead(sid);

  /** The lead a callback answers, looked up once per reservation (callback-memory.ts). */
  const linkedLeadOf = (reservation: TrackedReservation) =>
    callbackMemory
      .leadFor(reservation, requireConfig().outboundCallerId)
      .then((lead) => lead?.leadId ?? null);

  // The offer window: the Hunkware tab prefetches the lead's page until the accept (issue #11 §2).
  const offerPrefetch = new OfferPrefetch({
    tabs: browser.tabs,
    enabled: () => requireConfig().prefetchOnOffer,
    hunkwareTab: (tabs) => pickHunkwareTab(tabs, requireConfig().hunkwareUrl),
    target: async (reservation) =>
      screenPopTarget(requireConfig(), reservation, await linkedLeadOf(reservation)).url,
    log,
  });

  // Speed to lead (issue #16 §1): today's timings, kept across browser restarts, without client data.
  const leadTimings = new LeadTimings({
    store: stores.leadTimings,
    now,
    dayOf: localDay,
    changed: (today) => hub.update({ today }),
  });

  const drafts = new DraftKeeper(stores.drafts, () => hub.update({ keptDrafts: drafts.view() }));

  // The fieldMap fill: once, into the page the screen-pop opened (screen-pop-fills.ts).
  const screenPopFills = new ScreenPopFills({
    store: stores.screenPops,
    navigating: async (tabId) => Boolean((await browser.tabs.get(tabId)).pendingUrl),
  });

  const connection = new AgentConnection({
    fetch: deps.fetch,
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
      // Before the connection opens: another agent's remembered leads go before any lookup.
      void callbackMemory.agentIs(next);
      leadTimings.signedIn(next); // kept on disk: even the first agent of a browser session may be another
      if (previous === null) return; // the first agent of this browser session: nothing to forget
      log(`another agent signed in to Flex (${next}); the previous agent's tasks and drafts are gone`);
      forgetClients();
    },
    signedOut: () => forgetClients(),
    log,
  });

  // Flex closed for good signs the agent out (flex-presence.ts); Flex's own Logout does at once.
  const flexPresence = new FlexPresence({
    tabs: browser.tabs,
    alarms: browser.alarms,
    isFlexUrl,
    gone: () => connection.signOut("Flex has been closed for a while, so HunkBridge signed you out"),
    counted: (flexTabs) => hub.update({ flexTabs }),
  });

  /**
   * Each store the registry keeps "until-sign-out", by its owner: the owner drops what it holds and
   * clears its store, so the views, memory and storage never disagree. A new such store does not
   * compile until it has its line here.
   */
  const forgetters: Record<StoresHolding<"until-sign-out">, () => unknown> = {
    session: () => tracker.forgetAll(),
    drafts: () => drafts.forgetAll(),
    screenPops: () => screenPopFills.forgetAll(),
  };

  /** The agent's clients leave the views and storage with them (signed out, or another agent). */
  function forgetClients(): void {
    for (const forget of Object.values(forgetters)) void forget();
    // Not stored: this sign-in's callbacks linked to their leads. The leads stay (callback-memory.ts).
    callbackMemory.forgetLinks();
  }

  /** The accept's screen-pop, then the callback memory; a failure is told to the agent. */
  function popScreen(reservation: TrackedReservation): Promise<void> {
    const c = requireConfig();
    const startedAt = now();
    // A callback opens the lead it answers (callback-memory.ts): that lookup started with the
    // offer; for any other task it answers at once.
    const popping = linkedLeadOf(reservation).then((linkedLeadId) =>
      screenPop(browser, c, reservation, {
        // The screen-pop navigates the Hunkware tab away: keep its unsaved edits first.
        beforeNavigate: (tabId) => drafts.keepOpenDraft(tabId, now()),
        linkedLeadId,
        ...(c.prefetchOnOffer
          ? { openPrepared: (tabId: number, url: string) => offerPrefetch.open(reservation.sid, tabId, url) }
          : {}),
      }),
    );
    // Recorded now, before the page can ask: its ask waits for the tab.
    screenPopFills.popping(reservation.sid, popping);
    return popping.then(
      (pop) => {
        log(
          `screen-pop ${pop.reused ? "reused" : "opened"} tab ${pop.tabId} in ${now() - startedAt} ms${pop.problem ? `: ${pop.problem}` : ""}`,
        );
        // A lead popped: a callback from its number will open it (callback-memory.ts).
        void callbackMemory.remember(reservation);
      },
      (error: unknown) => {
        // The agent must not sit waiting for a client page that will not come: say so.
        console.error("HunkBridge: screen-pop failed", error);
        void browser.notifications
          .create("hb-screen-pop-failed", {
            type: "basic",
            iconUrl: "icons/icon-128.png",
            title: "Hunkware could not be opened",
            message: `Open the client in Hunkware by hand (${error instanceof Error ? error.message : String(error)}).`,
          })
          .catch(() => {});
      },
    );
  }

  /**
   * Tabs opened before the content scripts were registered (Flex pinned and restored at start, the
   * extension installed or updated under an open Flex) get them now, without a reload.
   */
  async function reachOpenTabs(why: string): Promise<void> {
    const outcomes = await injectIntoOpenTabs(
      browser.scripting,
      browser.tabs,
      contentScriptsFor(requireConfig()),
    );
    const failed = outcomes.filter((o) => o.error !== null);
    const tabs = new Set(outcomes.map((o) => o.tabId)).size;
    log(`${why}: content scripts injected into ${tabs} open tab(s), ${failed.length} injection(s) failed`);
    for (const f of failed)
      console.warn(`HunkBridge: could not inject ${f.script} into tab ${f.tabId}: ${f.error}`);
  }

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
      void reachOpenTabs("content scripts registered").catch((error: unknown) =>
        console.error("HunkBridge: injecting into open tabs failed", error),
      );
    }
    hub.update({
      ...sessionView(tracker.current, c.outboundCallerId, linkedLeads),
      keptDrafts: drafts.view(),
      calling: callingView(c),
    });
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
    await Promise.all([tracker.restore(), drafts.restore(), leadTimings.restore()]);
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
  void started.then(() => flexPresence.check());
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

  const handlers: RequestHandlers = {
    "get-view": async () => undefined,
    "flex-token": async (r) => void (await connection.flexToken(r.token, r.expiresAtMs)),
    "flex-signed-out": async () => void (await connection.signOut("You signed out of Flex")),
    "set-activity": async (r) => void (await connection.setActivity(r.activitySid)),
    "set-available": async () => void (await connection.setAvailable()),
    "retry-connection": async () => void (await connection.retry()),
    "open-options": async () => void (await browser.runtime.openOptionsPage()),
    "bring-forward": async (r) => void (await runCommand(`focus-${r.site}`, browser, requireConfig())),
    "get-screen-pop": async (r, s) => {
      const reservation = tracker.current.reservations.find((t) => t.sid === r.reservationSid);
      const fill = reservation ? fieldsToFill(requireConfig().fieldMap, reservation.attributes) : [];
      // Only the page the screen-pop opened, and only its first ask: never another tab or a reload.
      return { fill: fill.length > 0 && (await screenPopFills.claim(r.reservationSid, s)) ? fill : [] };
    },
    "hunkware-draft": async (r, s) => {
      drafts.report(senderTabId(s), { url: r.url, title: r.title, fields: r.fields });
      return undefined;
    },
    "get-draft": async (r) => ({ draft: drafts.fields(r.draftId) }),
    "dismiss-draft": async (r) => void drafts.dismiss(r.draftId),
  };

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
        if (role) hub.attach(port, audienceOf(role));
        else port.disconnect();
      });
    },
    onConfigChanged: () => void applyInTurn(applyConfig),
    onInstalledOrStartup: () =>
      afterStart("injecting into open tabs", () => reachOpenTabs("installed, updated or browser started")),
    onNotificationClicked: (id) => void signals.clicked(id),
    onCommand: (name) => afterStart(`shortcut ${name}`, () => runCommand(name, browser, requireConfig())),
    onTabRemoved(tabId) {
      afterStart("a closed tab", () => {
        drafts.forgetTab(tabId);
        return flexPresence.check();
      });
    },
    onTabsChanged: () => afterStart("a tab change", () => flexPresence.check()),
    onAlarm(name) {
      if (name !== WATCHDOG_ALARM) return afterStart(`alarm ${name}`, () => flexPresence.alarm(name));
      // Midnight drops the day's timings even while no task comes: within the watchdog's half minute.
      afterStart("the watchdog", () => Promise.all([connection.resume(), leadTimings.rollover()]));
    },
  };
}

const audienceOf = (role: SenderRole): Audience =>
  role === "popup" || role === "options" ? "extension" : "page";

function senderTabId(sender: { tab?: unknown }): number {
  const id = (sender.tab as { id?: number } | undefined)?.id;
  if (id === undefined) throw new Error("this request must come from a tab");
  return id;
}
