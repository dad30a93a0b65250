/**
 * The service worker: wires the browser to the agent's connection, the reservation tracker, the
 * screen-pop and the signals. Every listener is added synchronously at start-up, as MV3 requires
 * for events that wake a stopped worker.
 */
// First, before the SDK: it takes WebSocket from the global object as it loads. (A bare import:
// import sorting never moves code across it.)
import "./sdk-frame-guard.ts";
import { Worker } from "twilio-taskrouter";
import browser from "webextension-polyfill";
import { isUnderHunkware, type ResolvedConfig } from "../domain/config.ts";
import { isFlexUrl as isFlexOrigin } from "../domain/flex-tab.ts";
import { pendingReservations } from "../domain/reservation.ts";
import { VIEW_PORT } from "../protocol/messages.ts";
import { AgentConnection } from "./agent-connection.ts";
import { CallbackMemory } from "./callback-memory.ts";
import { runCommand } from "./commands.ts";
import { loadConfig, onConfigChanged } from "./config-source.ts";
import { contentScriptsFor } from "./content-script-registry.ts";
import { injectIntoOpenTabs, syncContentScripts } from "./content-script-sync.ts";
import { DraftKeeper } from "./drafts.ts";
import { fieldsToFill } from "./field-fill.ts";
import { FlexPresence } from "./flex-presence.ts";
import { LeadTimings, localDay } from "./lead-timings-store.ts";
import { routeRequest } from "./message-router.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { ReservationTracker } from "./reservation-tracker.ts";
import { screenPop } from "./screen-pop.ts";
import { ScreenPopFills } from "./screen-pop-fills.ts";
import { unreadableAttributes } from "./sdk-frame-guard.ts";
import { senderRole } from "./sender-role.ts";
import { sessionSecretStore, sessionValueStore } from "./session-store.ts";
import { callingView, INITIAL_VIEW, type LinkedLeads, sessionView } from "./session-view.ts";
import { OfferSignals } from "./signals.ts";
import { ViewHub } from "./view-hub.ts";

const WATCHDOG_ALARM = "hb-watchdog";
const timers = {
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
const now = () => Date.now();
const log = (line: string) => console.info(`HunkBridge: ${line}`);

let config: ResolvedConfig | null = null;
const hub = new ViewHub(INITIAL_VIEW);

const signals = new OfferSignals(browser, timers, now, (url) => isFlexUrl(url));

const tracker = new ReservationTracker({
  now,
  timers,
  store: sessionValueStore(browser.storage.session, "session"),
  timing: () => requireConfig().config,
  unreadableAttributes,
  changed: (session) => {
    const { outboundCallerId } = requireConfig().config;
    hub.update({
      ...sessionView(session, outboundCallerId, linkedLeads),
      today: leadTimings.observe(session),
    });
    void signals.update(pendingReservations(session));
    // Each callback's lead is looked up on the offer, so the accept finds it ready.
    for (const r of session.reservations) void callbackMemory.leadFor(r, outboundCallerId);
  },
  accepted: (reservation) => {
    const c = requireConfig().config;
    const started = now();
    // A callback opens the lead it answers (callback-memory.ts): that lookup started with the
    // offer; for any other task it answers at once.
    const popping = callbackMemory.leadFor(reservation, c.outboundCallerId).then((lead) =>
      screenPop(browser, c, reservation, {
        // The screen-pop navigates the Hunkware tab away: keep its unsaved edits first.
        beforeNavigate: (tabId) => drafts.keepOpenDraft(tabId, now()),
        linkedLeadId: lead?.leadId ?? null,
      }),
    );
    // Recorded now, before the page can ask: its ask waits for the tab.
    screenPopFills.popping(reservation.sid, popping);
    return popping.then(
      (pop) => {
        log(
          `screen-pop ${pop.reused ? "reused" : "opened"} tab ${pop.tabId} in ${now() - started} ms${pop.problem ? `: ${pop.problem}` : ""}`,
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
  },
});

// Popped leads by a keyed hash of their number, so a callback opens its lead (issue #16 §2).
const callbackMemory = new CallbackMemory({
  storage: browser.storage.local,
  subtle: crypto.subtle,
  randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
  now,
  days: () => requireConfig().config.callbackMemoryDays,
  linked: () =>
    hub.update(sessionView(tracker.current, requireConfig().config.outboundCallerId, linkedLeads)),
});
const linkedLeads: LinkedLeads = (sid) => callbackMemory.linkedLead(sid);

// Speed to lead (issue #16 §1): today's timings, kept across browser restarts, without client data.
const leadTimings = new LeadTimings({
  area: browser.storage.local,
  now,
  dayOf: localDay,
  changed: (today) => hub.update({ today }),
});

const drafts = new DraftKeeper(sessionValueStore(browser.storage.session, "drafts"), () =>
  hub.update({ keptDrafts: drafts.view() }),
);

// The fieldMap fill: once, into the page the screen-pop opened (screen-pop-fills.ts).
const screenPopFills = new ScreenPopFills({
  store: sessionValueStore(browser.storage.session, "screenPops"),
  navigating: async (tabId) => Boolean((await browser.tabs.get(tabId)).pendingUrl),
});

const connection = new AgentConnection({
  fetch: (input, init) => fetch(input, init),
  createWorker: (token, options) => new Worker(token, options),
  now,
  timers,
  secrets: sessionSecretStore(browser.storage.session),
  publish: (view) => {
    const wasAvailable = hub.view.activity?.available;
    hub.update(view);
    if (view.activity && view.activity.available !== wasAvailable) tracker.activity(view.activity.available);
  },
  reservations: tracker,
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

/** Client data (tasks, history, drafts) leaves the view and storage.session with its agent. */
function forgetClients(): void {
  tracker.forgetAll();
  drafts.forgetAll();
  void screenPopFills.forgetAll();
  callbackMemory.forgetLinks();
}

function requireConfig(): ResolvedConfig {
  if (!config) throw new Error("configuration not loaded yet");
  return config;
}

function isFlexUrl(url: string): boolean {
  return isFlexOrigin(url, config?.config.flexOrigins ?? []);
}

/**
 * Tabs opened before the content scripts were registered (Flex pinned and restored at start, the
 * extension installed or updated under an open Flex) get them now, without a reload.
 */
async function reachOpenTabs(why: string): Promise<void> {
  const outcomes = await injectIntoOpenTabs(
    browser.scripting,
    browser.tabs,
    contentScriptsFor(requireConfig().config),
  );
  const failed = outcomes.filter((o) => o.error !== null);
  const tabs = new Set(outcomes.map((o) => o.tabId)).size;
  log(`${why}: content scripts injected into ${tabs} open tab(s), ${failed.length} injection(s) failed`);
  for (const f of failed)
    console.warn(`HunkBridge: could not inject ${f.script} into tab ${f.tabId}: ${f.error}`);
}

/** Reads the configuration and applies it; the first time, also restores the last session. */
async function applyConfig(first: boolean): Promise<ResolvedConfig> {
  const next = await loadConfig(browser.storage);
  config = next;
  for (const problem of next.problems) console.warn(`HunkBridge config: ${problem.key}: ${problem.message}`);
  if (await syncContentScripts(browser.scripting, contentScriptsFor(next.config))) {
    void reachOpenTabs("content scripts registered").catch((error: unknown) =>
      console.error("HunkBridge: injecting into open tabs failed", error),
    );
  }
  if (first) await Promise.all([tracker.restore(), drafts.restore(), leadTimings.restore()]);
  hub.update({
    ...sessionView(tracker.current, next.config.outboundCallerId, linkedLeads),
    keptDrafts: drafts.view(),
    calling: callingView(next.config),
  });
  if (first) await connection.start(next.config.tokenUrl);
  else await connection.configure(next.config.tokenUrl);
  return next;
}

const started = applyConfig(true);
started.catch((error: unknown) => console.error("HunkBridge failed to start", error));

function roleOf(sender: browser.Runtime.MessageSender) {
  const c = config?.config;
  if (!c) return null;
  return senderRole(
    sender,
    browser.runtime.id,
    (origin) => c.flexOrigins.includes(origin),
    (url) => isUnderHunkware(url, c.hunkwareUrl),
  );
}

function senderTabId(sender: { tab?: unknown }): number {
  const id = (sender.tab as { id?: number } | undefined)?.id;
  if (id === undefined) throw new Error("this request must come from a tab");
  return id;
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  started.then(() =>
    routeRequest(
      message,
      sender,
      () => roleOf(sender),
      {
        "get-view": async () => undefined,
        "flex-token": async (r) => void (await connection.flexToken(r.token, r.expiresAtMs)),
        "flex-signed-out": async () => void (await connection.signOut("You signed out of Flex")),
        "set-activity": async (r) => void (await connection.setActivity(r.activitySid)),
        "set-available": async () => void (await connection.setAvailable()),
        "retry-connection": async () => void (await connection.retry()),
        "open-options": async () => void (await browser.runtime.openOptionsPage()),
        "bring-forward": async (r) =>
          void (await runCommand(`focus-${r.site}`, browser, requireConfig().config)),
        "get-screen-pop": async (r, s) => {
          const reservation = tracker.current.reservations.find((t) => t.sid === r.reservationSid);
          const fill = reservation
            ? fieldsToFill(requireConfig().config.fieldMap, reservation.attributes)
            : [];
          // Only the page the screen-pop opened, and only its first ask: never another tab or a reload.
          return { fill: fill.length > 0 && (await screenPopFills.claim(r.reservationSid, s)) ? fill : [] };
        },
        "hunkware-draft": async (r, s) => {
          drafts.report(senderTabId(s), { url: r.url, title: r.title, fields: r.fields });
          return undefined;
        },
        "get-draft": async (r) => ({ draft: drafts.fields(r.draftId) }),
        "dismiss-draft": async (r) => void drafts.dismiss(r.draftId),
      },
      () => hub.view,
      ({ type, role, error }) => {
        if (type === "flex-token" && role === "flex") connection.flexTokenUnusable(error);
      },
    ),
  ),
);

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== VIEW_PORT) return port.disconnect();
  void started.then(() => {
    if (port.sender && roleOf(port.sender)) hub.attach(port);
    else port.disconnect();
  });
});

// One configuration change at a time (one-at-a-time.ts), after the start-up's own.
const applyInTurn = oneAtATime(started, (error) =>
  console.error("HunkBridge: configuration change failed", error),
);
onConfigChanged(browser.storage, () => void applyInTurn(() => applyConfig(false)));

// Install, update (old copies of the scripts are orphaned) and browser start: reach open tabs.
for (const event of [browser.runtime.onInstalled, browser.runtime.onStartup]) {
  event.addListener(() => {
    void started
      .then(() => reachOpenTabs("installed, updated or browser started"))
      .catch((error: unknown) => console.error("HunkBridge: injecting into open tabs failed", error));
  });
}

browser.notifications.onClicked.addListener((id) => void signals.clicked(id));
browser.commands.onCommand.addListener((name) => {
  void started
    .then(() => runCommand(name, browser, requireConfig().config))
    .catch((error: unknown) => console.error(`HunkBridge: shortcut ${name} failed`, error));
});
browser.tabs.onRemoved.addListener((tabId) => {
  void started.then(() => drafts.forgetTab(tabId));
  void started.then(() => flexPresence.check());
});
browser.tabs.onCreated.addListener(() => void started.then(() => flexPresence.check()));
browser.tabs.onUpdated.addListener((_tabId, change) => {
  if (change.url !== undefined) void started.then(() => flexPresence.check());
});
void started.then(() => flexPresence.check());

// Chrome stops an idle service worker; the alarm wakes it so the connection is restored.
browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 0.5 });
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void started.then(() => connection.resume());
  else void started.then(() => flexPresence.alarm(alarm.name));
});
// Midnight drops the day's timings even while no task comes: within the watchdog's half minute.
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void started.then(() => leadTimings.rollover());
});

// For QA's harness: a marker that the worker's globals exist before the first evaluate.
(globalThis as { hunkbridgeReady?: Promise<unknown> }).hunkbridgeReady = started;
