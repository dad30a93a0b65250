/**
 * The service worker's entry: makes the real browser APIs, SDK, clock and timers, hands them to
 * createBackground() (background.ts, where everything is wired) and registers its handlers. Every
 * listener is added synchronously at start-up, as MV3 requires for events that wake a stopped
 * worker.
 */
// First, before the SDK: it takes WebSocket from the global object as it loads. (A bare import:
// import sorting never moves code across it.)
import "./sdk-frame-guard.ts";
import { Worker } from "twilio-taskrouter";
import browser from "webextension-polyfill";
import { onConfigChanged } from "../platform/config-source.ts";
import { createBackground } from "./background.ts";
import { unreadableAttributes } from "./sdk-frame-guard.ts";

const background = createBackground({
  browser,
  createWorker: (token, options) => new Worker(token, options),
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  timers: {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
  crypto,
  unreadableAttributes,
  log: (line) => console.info(`HunkBridge: ${line}`),
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  background.onMessage(message, sender),
);
browser.runtime.onConnect.addListener((port) => background.onConnect(port));
onConfigChanged(browser.storage, () => background.onConfigChanged());
browser.runtime.onInstalled.addListener(() => background.onInstalledOrStartup());
browser.runtime.onStartup.addListener(() => background.onInstalledOrStartup());
// Registered here, not only when the update feature starts: the event may be what wakes the worker.
browser.runtime.onUpdateAvailable.addListener((details) => background.onUpdateAvailable(details.version));
browser.notifications.onClicked.addListener((id) => background.onNotificationClicked(id));
browser.commands.onCommand.addListener((name) => background.onCommand(name));
browser.tabs.onRemoved.addListener((tabId) => background.onTabRemoved(tabId));
browser.tabs.onCreated.addListener(() => background.onTabsChanged());
browser.tabs.onUpdated.addListener((_tabId, change) => {
  if (change.url !== undefined) background.onTabsChanged();
});
browser.alarms.onAlarm.addListener((alarm) => background.onAlarm(alarm.name));

// For QA's harness: a marker that the worker's globals exist before the first evaluate.
(globalThis as { hunkbridgeReady?: Promise<unknown> }).hunkbridgeReady = background.started;
