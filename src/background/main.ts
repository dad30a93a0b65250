/**
 * The service worker: wires the browser to the agent's connection. Every listener is added
 * synchronously at start-up, as MV3 requires for events that wake a stopped worker.
 */
import { Worker } from "twilio-taskrouter";
import browser from "webextension-polyfill";
import { isUnderHunkware, type ResolvedConfig } from "../domain/config.ts";
import { senderRole, VIEW_PORT } from "../protocol/messages.ts";
import { AgentConnection } from "./agent-connection.ts";
import { loadConfig, onConfigChanged } from "./config-source.ts";
import { registerContentScripts } from "./content-script-registry.ts";
import { routeRequest } from "./message-router.ts";
import { sessionSecretStore } from "./session-secrets.ts";
import { INITIAL_VIEW } from "./session-view.ts";
import { ViewHub } from "./view-hub.ts";

const WATCHDOG_ALARM = "hb-watchdog";

const hub = new ViewHub(INITIAL_VIEW);

const connection = new AgentConnection({
  fetch: (input, init) => fetch(input, init),
  createWorker: (token, options) => new Worker(token, options),
  now: () => Date.now(),
  timers: {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
  secrets: sessionSecretStore(browser.storage.session),
  publish: (view) => hub.update(view),
  reservations: { ready: () => {}, created: () => {}, changed: () => {} },
  log: (line) => console.info(`HunkBridge: ${line}`),
});

let config: ResolvedConfig | null = null;

/** Reads the configuration and applies it; the first time, also restores the last session. */
async function applyConfig(first: boolean): Promise<ResolvedConfig> {
  const next = await loadConfig(browser.storage);
  config = next;
  for (const problem of next.problems) console.warn(`HunkBridge config: ${problem.key}: ${problem.message}`);
  await registerContentScripts(browser.scripting, next.config);
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

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  started.then(() =>
    routeRequest(message, sender, () => roleOf(sender), {
      view: () => ({ ok: true, view: hub.view }),
      flexToken: (token, expiresAtMs) => connection.flexToken(token, expiresAtMs),
      setActivity: (sid) => connection.setActivity(sid),
      setAvailable: () => connection.setAvailable(),
      retry: () => connection.retry(),
    }),
  ),
);

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== VIEW_PORT) return port.disconnect();
  void started.then(() => {
    if (port.sender && roleOf(port.sender)) hub.attach(port);
    else port.disconnect();
  });
});

onConfigChanged(browser.storage, () => {
  void applyConfig(false).catch((error: unknown) =>
    console.error("HunkBridge: configuration change failed", error),
  );
});

// Chrome stops an idle service worker; the alarm wakes it so the connection is restored.
browser.alarms.create(WATCHDOG_ALARM, { periodInMinutes: 0.5 });
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WATCHDOG_ALARM) void started.then(() => connection.resume());
});

// For QA's harness: a marker that the worker's globals exist before the first evaluate.
(globalThis as { hunkbridgeReady?: Promise<unknown> }).hunkbridgeReady = started;
