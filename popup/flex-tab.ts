/**
 * "Open Flex": bring the agent's Flex tab forward (the same tab a click on an offer notification
 * brings forward, ../src/domain/flex-tab.ts), or open Flex when there is none. Two Flex tabs would
 * mean two Flex sessions for one agent, so an existing tab always wins.
 */
import browser from "webextension-polyfill";
import { loadConfig } from "../src/background/config-source.ts";
import { findFlexTab, isFlexUrl } from "../src/domain/flex-tab.ts";

export async function openFlex(): Promise<void> {
  // Read the configuration now, not when the popup opened: a policy change may have moved Flex.
  const { config } = await loadConfig(browser.storage);
  // A tab's URL is known only for origins we hold host permission for; without it we open a new tab.
  const tabs = await browser.tabs.query({}).catch(() => []);
  const tab = findFlexTab(tabs, (url) => isFlexUrl(url, config.flexOrigins));
  if (tab?.id !== undefined) {
    await browser.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    return;
  }
  const first = config.flexOrigins[0];
  if (first) await browser.tabs.create({ url: `${first}/` });
}

export async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
