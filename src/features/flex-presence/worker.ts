/**
 * Flex closed for good signs the agent out (worker-presence.ts), and the view counts the Flex tabs
 * (two are two sessions: the Flex tabs notice). Flex's own Logout signs out at once, elsewhere.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { FlexPresence } from "./worker-presence.ts";

export function startFlexPresence(core: WorkerCore): WorkerPart {
  const presence = new FlexPresence({
    tabs: core.browser.tabs,
    alarms: core.browser.alarms,
    isFlexUrl: core.isFlexUrl,
    gone: () => core.signOut("Flex has been closed for a while, so HunkBridge signed you out"),
    counted: (flexTabs) => core.publish({ flexTabs }),
  });
  return {
    started: () => presence.check(),
    tabRemoved: () => presence.check(),
    tabsChanged: () => presence.check(),
    alarm: (name) => presence.alarm(name),
  };
}
