/**
 * "Open Flex": the service worker brings the agent's Flex tab forward, or opens Flex when there is
 * none (the same as the Alt+Shift+F shortcut, src/features/shortcuts/worker-commands.ts), with the configuration as it
 * is now. Two Flex tabs would mean two Flex sessions for one agent, so an existing tab always wins.
 */
import browser from "webextension-polyfill";
import { send } from "./use-agent-view.ts";

export async function openFlex(): Promise<void> {
  await send({ type: "bring-forward", site: "flex" });
}

export async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
