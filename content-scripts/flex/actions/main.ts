/**
 * MAIN-world script on Flex: puts HunkBridge's listeners on Flex's own Actions framework
 * (`Twilio.Flex.Actions`, listeners.ts) as soon as Flex has created it, reports Flex's own worker
 * activity (flex-activity.ts), and talks to the isolated
 * world only through the origin-checked page link. It imports only the pure origin rule and the
 * protocol's schemas: nothing of the extension's glue reaches the page.
 *
 * Like the token reader, the newest copy wins: the worker injects the scripts again into open Flex
 * tabs (install, update, browser start), and the page's world outlives the extension's, so a new
 * copy stops the one already running (its listeners come off Flex's Actions).
 */

import { readFlexActivity, watchFlexActivity } from "./flex-activity.ts";
import { flexTasksOf } from "./flex-tasks.ts";
import { type ActionListeners, type FlexActionsLike, installActionListeners } from "./listeners.ts";
import { connectPageLink } from "./page-link.ts";

/** Flex creates its Actions while it boots; until then, look again this often. */
const FIND_ACTIONS_MS = 500;
/**
 * A number check, or a sign-out, that the isolated world hasn't answered by then is left to Flex
 * (listeners.ts): Flex dials as entered, or leaves the page.
 */
const ANSWER_MS = 1_500;
const CLAIM = "hunkbridge:claim:flex-actions";
/** How often Flex's activity is looked at: Flex has no event a late script can rely on. */
const ACTIVITY_POLL_MS = 1_000;

interface FlexGlobal {
  Twilio?: { Flex?: { Actions?: unknown } };
}

function flexActions(): FlexActionsLike | null {
  try {
    const actions = (globalThis as FlexGlobal).Twilio?.Flex?.Actions as Partial<FlexActionsLike> | undefined;
    return typeof actions?.addListener === "function" &&
      typeof actions.removeListener === "function" &&
      typeof actions.invokeAction === "function"
      ? (actions as FlexActionsLike)
      : null;
  } catch {
    return null;
  }
}

let listeners: ActionListeners | null = null;
const link = connectPageLink(
  window,
  (command) => {
    if (command.kind === "hello") {
      if (listeners) link.report({ kind: "listening" });
      link.report({ kind: "flex-activity", activity: readFlexActivity(globalThis) });
    } else if (listeners) {
      void listeners.transferToCustomerService(command.sid, command.targetSid);
    } else {
      link.report({ kind: "transfer-result", sid: command.sid, error: "Flex's actions are not ready yet." });
    }
  },
  ANSWER_MS,
);

function attach(): boolean {
  const actions = flexActions();
  if (!actions) return false;
  listeners = installActionListeners(
    actions,
    link,
    (line) => console.warn(`HunkBridge: ${line}`),
    flexTasksOf(globalThis),
  );
  link.report({ kind: "listening" });
  // In the page's performance timeline, shared by every world: QA can wait for the listeners.
  performance.mark("hunkbridge:flex-actions:listening");
  return true;
}

document.dispatchEvent(new Event(CLAIM));
const stopWatching = watchFlexActivity(
  () => readFlexActivity(globalThis),
  (activity) => link.report({ kind: "flex-activity", activity }),
  {
    every: (fn) => setInterval(fn, ACTIVITY_POLL_MS),
    stop: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  },
);
const finder = attach() ? undefined : setInterval(() => attach() && clearInterval(finder), FIND_ACTIONS_MS);
document.addEventListener(CLAIM, function stop() {
  document.removeEventListener(CLAIM, stop);
  clearInterval(finder);
  stopWatching();
  listeners?.dispose();
  listeners = null;
  link.dispose();
});
