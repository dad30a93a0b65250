/**
 * HunkBridge's listeners on Flex's own Actions framework (MAIN world): the rules hold for every
 * way Flex can transfer or dial (its buttons, a keyboard shortcut, another plugin's invokeAction),
 * not only for the buttons the DOM overlays know.
 * - beforeTransferTask: a weblead, unknown-origin or task-less transfer is aborted and the agent is
 *   told why (transfer-rule.ts); inbound calls are left alone. The same rule also wraps the
 *   TransferTask action itself (replaceAction), for when the listener is skipped.
 * - beforeStartOutboundCall: the number goes to Twilio as E.164 without the "9" prefix, from our
 *   caller ID unless the caller chose one; a number that can't be dialed is aborted. The isolated
 *   world decides (it holds the phone rules and the configuration) and tells the agent why.
 * - The cold transfer to customer service the agent confirmed goes through Flex's TransferTask,
 *   so through the guard above as well.
 * - afterLogout: the agent signed out of Flex, so the extension signs them out too. Flex waits for
 *   its after-listeners' promises before invokeAction resolves, and Flex (or the page) leaves for
 *   its login page only then: the listener waits until the service worker has the sign-out (or a
 *   short time at most), else the page can unload before the message leaves it.
 */
import {
  type DialVerdict,
  type FromFlexActions,
  MAX_DIAL_TEXT,
  type StoppedTransferOrigin,
} from "../../../src/protocol/messages.ts";
import { transferVerdict } from "./transfer-rule.ts";

export type ActionListener = (payload: unknown, abortFunction?: unknown) => unknown;
type Payload = Record<string, unknown>;
type Action = (payload: Payload) => Promise<unknown>;
/**
 * Flex's ReplacedActionFunction: the action in place of the original. Flex 2.17.1 passes the
 * built-in action as `original` and the rest of the chain (replacements added before) as `next`.
 */
type ReplacedAction = (payload: Payload, original: Action, next?: Action) => Promise<unknown>;

/** The part of `Twilio.Flex.Actions` we use (@twilio/flex-ui 2.x, docs/flex-apis.md). */
export interface FlexActionsLike {
  addListener(event: string, listener: ActionListener): void;
  removeListener(event: string, listener: ActionListener): void;
  invokeAction(name: string, payload?: unknown): Promise<unknown>;
  replaceAction(name: string, action: ReplacedAction): void;
}

/** What is reported without waiting for an answer (questions carry an id). */
type Report = FromFlexActions extends infer M
  ? M extends { id: string }
    ? never
    : Omit<M, "source" | "to">
  : never;

export interface ExtensionLink {
  /** The isolated world's verdict on a number, or null when it didn't answer in time. */
  checkDial(destination: string): Promise<DialVerdict | null>;
  /** Tells the extension the agent signed out of Flex; false when it didn't answer in time. */
  signedOut(): Promise<boolean>;
  report(message: Report): void;
}

export interface ActionListeners {
  transferToCustomerService(sid: string, targetSid: string): Promise<void>;
  dispose(): void;
}

/**
 * Stops the action. Flex hands every before-listener its abort function; a listener that throws
 * instead does not stop anything (Flex logs it and runs the action, and a synchronous throw even
 * skips the listeners after it), so without that function all we can do is say so loudly.
 */
function abortAction(abortFunction: unknown, why: string, warn: (line: string) => void): boolean {
  if (typeof abortFunction === "function") {
    abortFunction();
    return true;
  }
  warn(`could not stop this action (Flex gave no abort function): ${why}`);
  return false;
}

function asRecord(payload: unknown): Record<string, unknown> | null {
  return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
}

export function installActionListeners(
  actions: FlexActionsLike,
  link: ExtensionLink,
  warn: (line: string) => void,
): ActionListeners {
  /** Transfers this guard stopped so far, to tell our cancel from another's. */
  let stops = 0;
  let disposed = false;
  const stopped = (origin: StoppedTransferOrigin) => {
    stops++;
    link.report({ kind: "transfer-stopped", origin });
  };

  const beforeTransferTask: ActionListener = (payload, abortFunction) => {
    const verdict = transferVerdict(payload);
    // Without an abort function, guardTransfer below stops it, in the action itself.
    if (!verdict.allowed && typeof abortFunction === "function") {
      stopped(verdict.origin);
      abortFunction();
    }
  };

  /**
   * The second line, in place of Flex's TransferTask itself: it holds even when the listener
   * above never ran (another plugin's before-listener that throws makes Flex skip the listeners
   * added after it). Flex has no way to take a replacement back, so a disposed copy passes through.
   */
  const guardTransfer: ReplacedAction = (payload, original, next) => {
    // Through the chain (`next`), so other plugins' replacements added before ours still run.
    const proceed = next ?? original;
    const verdict = disposed ? { allowed: true as const } : transferVerdict(payload);
    if (verdict.allowed) return proceed(payload);
    stopped(verdict.origin);
    return Promise.reject(
      new Error(`HunkBridge stopped this transfer: a ${verdict.origin} call is never transferred`),
    );
  };

  const beforeStartOutboundCall: ActionListener = async (payload, abortFunction) => {
    const call = asRecord(payload);
    const destination = call?.destination;
    if (!call || typeof destination !== "string") {
      // Whoever invoked the action passed no number: nothing an agent typed, so nothing to tell them.
      if (abortAction(abortFunction, "no number to dial", warn))
        warn("StartOutboundCall without a destination was stopped");
      return;
    }
    if (destination.length > MAX_DIAL_TEXT) {
      // No phone number is that long; checking only a part of it would dial what the part spells.
      if (abortAction(abortFunction, "not a phone number", warn)) {
        warn(`a destination of ${destination.length} characters was not dialed`);
      }
      return;
    }
    const verdict = await link.checkDial(destination);
    if (verdict === null) {
      // The extension is gone or stuck: leave Flex's dialing as it is rather than block the agent.
      warn("no answer about the number from the extension; Flex dials it as entered");
      return;
    }
    if (!verdict.ok) {
      abortAction(abortFunction, "the number can't be dialed", warn);
      return;
    }
    call.destination = verdict.destination;
    const chosen = typeof call.callerId === "string" && call.callerId.trim() !== "";
    if (!chosen && verdict.callerId !== null) call.callerId = verdict.callerId;
  };

  // The agent signed out of Flex: their clients' data must leave the extension too. Returned, so
  // that Flex waits for it (bounded by the link's answer time) before the page goes.
  const afterLogout: ActionListener = async () => {
    if (!(await link.signedOut())) warn("the extension did not confirm the sign-out in time");
  };

  actions.addListener("beforeTransferTask", beforeTransferTask);
  actions.addListener("beforeStartOutboundCall", beforeStartOutboundCall);
  actions.addListener("afterLogout", afterLogout);
  actions.replaceAction("TransferTask", guardTransfer);

  return {
    async transferToCustomerService(sid, targetSid) {
      let error: string | null = null;
      const stopsBefore = stops;
      try {
        await actions.invokeAction("TransferTask", { sid, targetSid, options: { mode: "COLD" } });
      } catch (err) {
        // Flex rejects a cancelled action ("Action TransferTask cancelled by before event"): when
        // the cancel was ours, say why in the agent's words.
        error =
          stops !== stopsBefore
            ? "HunkBridge stopped it: Flex doesn't show this call as inbound."
            : (err instanceof Error ? err.message : String(err)).slice(0, 300);
      }
      link.report({ kind: "transfer-result", sid, error });
    },
    dispose() {
      disposed = true;
      actions.removeListener("beforeTransferTask", beforeTransferTask);
      actions.removeListener("beforeStartOutboundCall", beforeStartOutboundCall);
      actions.removeListener("afterLogout", afterLogout);
    },
  };
}
