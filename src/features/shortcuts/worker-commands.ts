/**
 * The keyboard shortcuts (manifest "commands", rebindable at chrome://extensions/shortcuts): to the
 * agent's Flex tab and to the one Hunkware tab, opening the site when no tab shows it. Opening the
 * popup is Chrome's own `_execute_action`.
 */
import { type HunkBridgeConfig, isUnderHunkware } from "../../domain/config.ts";
import { isFlexUrl } from "../../domain/flex-tab.ts";
import { bringForward, type TabsApi } from "./worker-bring-forward.ts";

export const COMMANDS = ["focus-flex", "focus-hunkware"] as const;

export async function runCommand(name: string, api: TabsApi, config: HunkBridgeConfig): Promise<void> {
  if (name === "focus-flex") {
    const first = config.flexOrigins[0];
    await bringForward(api, (url) => isFlexUrl(url, config.flexOrigins), first ? `${first}/` : null);
  } else if (name === "focus-hunkware") {
    await bringForward(api, (url) => isUnderHunkware(url, config.hunkwareUrl), config.hunkwareUrl);
  }
}
