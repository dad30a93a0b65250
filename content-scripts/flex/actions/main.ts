/**
 * MAIN-world script on Flex: puts HunkBridge's listeners on Flex's own Actions framework
 * (`Twilio.Flex.Actions`, listeners.ts) as soon as Flex has created it, reports Flex's own worker
 * activity (flex-activity.ts), and talks to the isolated world only through the origin-checked
 * page link. It imports only the pure origin rule and the protocol's schemas: nothing of the
 * extension's glue reaches the page.
 *
 * Nothing a page script can send stops it: any script on Flex's page can dispatch an event or post
 * a message, so no event or message takes the listeners off. Copies of several versions may share
 * the page after an update (the page's world outlives the extension's): each guards, which is the
 * same rule twice, and only the newest runs a command (commands name their copy). Another script
 * can still take the listeners off Flex's public emitter: they are put back on every heartbeat, and
 * the isolated world hears in which state they were (fails closed when it hears nothing).
 */

import type { GuardState } from "../../../src/protocol/messages.ts";
import { firstOfVersion } from "../../shared/one-per-version.ts";
import { offerPageKey, pageSigner, proofText, randomHex } from "../page-key.ts";
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
/** How often Flex's activity and our listeners are looked at: Flex has no event a late script can rely on. */
const POLL_MS = 1_000;

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

const VERSION = typeof __HB_VERSION__ === "string" ? __HB_VERSION__ : "unknown";

// A copy of this version already runs here (the worker injects again on a new configuration).
if (firstOfVersion("flex-actions", VERSION)) {
  // The key only the two halves hold, offered before any page script exists (page-key.ts).
  const key = randomHex(32);
  offerPageKey(document, key);
  const sign = pageSigner(key);
  /** This copy's name: random, so a page script cannot name it in advance. */
  const copy = [...crypto.getRandomValues(new Uint8Array(6))]
    .map((b) => b.toString(36).padStart(2, "0"))
    .join("");
  const startedAt = performance.timeOrigin + performance.now();
  let attachedTo: FlexActionsLike | null = null;
  let listeners: ActionListeners | null = null;

  /** Puts back what another script took off, and says in what state the listeners are. */
  function guardState(): GuardState {
    if (!listeners || flexActions() !== attachedTo) return "off";
    return listeners.ensure();
  }

  /**
   * Says the listeners are on, and in what state. To a hello's nonce the answer carries its proof,
   * MAC'd with the key only the two halves hold: a page script can post "listening" too, not that.
   */
  async function reportListening(nonce?: string): Promise<void> {
    if (!listeners) return;
    const guard = guardState();
    const proof = nonce === undefined ? undefined : { nonce, mac: await sign(proofText(nonce, copy, guard)) };
    link.report({ kind: "listening", copy, startedAt, guard, ...(proof ? { proof } : {}) });
  }

  const link = connectPageLink(
    window,
    copy,
    (command) => {
      if (command.kind === "hello") {
        void reportListening(command.nonce);
        link.report({ kind: "flex-activity", activity: readFlexActivity(globalThis) });
      } else if (listeners) {
        void listeners.transferToCustomerService(command.sid, command.targetSid);
      } else {
        link.report({
          kind: "transfer-result",
          sid: command.sid,
          error: "Flex's actions are not ready yet.",
        });
      }
    },
    ANSWER_MS,
  );

  function attach(): boolean {
    const actions = flexActions();
    if (!actions) return false;
    attachedTo = actions;
    listeners = installActionListeners(
      actions,
      link,
      (line) => console.warn(`HunkBridge: ${line}`),
      flexTasksOf(globalThis),
    );
    void reportListening();
    // In the page's performance timeline, shared by every world: QA can wait for the listeners.
    performance.mark("hunkbridge:flex-actions:listening");
    return true;
  }

  watchFlexActivity(
    () => readFlexActivity(globalThis),
    (activity) => link.report({ kind: "flex-activity", activity }),
    {
      every: (fn) => setInterval(fn, POLL_MS),
      stop: (h) => clearInterval(h as ReturnType<typeof setInterval>),
    },
  );
  // Between heartbeats too: a listener taken off is back within a second.
  setInterval(() => {
    if (listeners && guardState() === "restored") {
      console.warn(
        "HunkBridge: a script on this page took HunkBridge's listeners off Flex's Actions; they are back",
      );
      void reportListening();
    }
  }, POLL_MS);
  const finder = attach() ? undefined : setInterval(() => attach() && clearInterval(finder), FIND_ACTIONS_MS);
}
