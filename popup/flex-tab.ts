/**
 * "Open Flex": bring the agent's Flex tab forward (the same tab a click on an offer notification
 * brings forward, ../src/domain/flex-tab.ts), or open Flex when there is none. Two Flex tabs would
 * mean two Flex sessions for one agent, so an existing tab always wins.
 */
import browser from "webextension-polyfill";
import { bringForward } from "../src/background/bring-forward.ts";
import { loadConfig } from "../src/background/config-source.ts";
import { isFlexUrl } from "../src/domain/flex-tab.ts";

export async function openFlex(): Promise<void> {
  // Read the configuration now, not when the popup opened: a policy change may have moved Flex.
  const { config } = await loadConfig(browser.storage);
  const first = config.flexOrigins[0];
  await bringForward(browser, (url) => isFlexUrl(url, config.flexOrigins), first ? `${first}/` : null);
}

export async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
