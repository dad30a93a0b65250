/**
 * HunkBridge's listeners on Flex's own Actions framework (MAIN world): the rules hold for every
 * way Flex can transfer or dial (its buttons, a keyboard shortcut, another plugin's invokeAction),
 * not only for the buttons the DOM overlays know.
 * - beforeTransferTask: a weblead, unknown-origin or task-less transfer is aborted and the agent is
 *   told why (transfer-rule.ts); inbound calls are left alone.
 * - beforeStartOutboundCall: the number goes to Twilio as E.164 without the "9" prefix, from our
 *   caller ID unless the caller chose one; a number that can't be dialed is aborted. The isolated
 *   world decides (it holds the phone rules and the configuration) and tells the agent why.
 * - The cold transfer to customer service the agent confirmed goes through Flex's TransferTask,
 *   so through the guard above as well.
 */
import { type DialVerdict, type FromFlexActions, MAX_DIAL_TEXT } from "../../../src/protocol/messages.ts";
import { transferVerdict } from "./transfer-rule.ts";

export type ActionListener = (payload: unknown, abortFunction?: unknown) => unknown;

/** The part of `Twilio.Flex.Actions` we use (@twilio/flex-ui 2.x, docs/flex-apis.md). */
export interface FlexActionsLike {
  addListener(event: string, listener: ActionListener): void;
  removeListener(event: string, listener: ActionListener): void;
  invokeAction(name: string, payload?: unknown): Promise<unknown>;
}

type Report = FromFlexActions extends infer M
  ? M extends unknown
    ? Omit<M, "source" | "to">
    : never
  : never;

export interface ExtensionLink {
  /** The isolated world's verdict on a number, or null when it didn't answer in time. */
  checkDial(destination: string): Promise<DialVerdict | null>;
  report(message: Report): void;
}

export interface ActionListeners {
  transferToCustomerService(sid: string, targetSid: string): Promise<void>;
  dispose(): void;
}

/**
 * Flex hands before-listeners an abort function; should a Flex release stop doing so, throwing is
 * the other way a listener stops the action: the transfer must not go through either way.
 */
function abortAction(abortFunction: unknown, why: string): void {
  if (typeof abortFunction === "function") abortFunction();
  else throw new Error(`HunkBridge stopped this action: ${why}`);
}

function asRecord(payload: unknown): Record<string, unknown> | null {
  return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
}

export function installActionListeners(
  actions: FlexActionsLike,
  link: ExtensionLink,
  warn: (line: string) => void,
): ActionListeners {
  /** Transfers this guard stopped so far: an aborted action resolves like a finished one. */
  let stops = 0;
  const beforeTransferTask: ActionListener = (payload, abortFunction) => {
    const verdict = transferVerdict(payload);
    if (verdict.allowed) return;
    stops++;
    link.report({ kind: "transfer-stopped", origin: verdict.origin });
    abortAction(abortFunction, `a ${verdict.origin} call is never transferred`);
  };

  const beforeStartOutboundCall: ActionListener = async (payload, abortFunction) => {
    const call = asRecord(payload);
    const destination = call?.destination;
    if (!call || typeof destination !== "string") {
      // Whoever invoked the action passed no number: nothing an agent typed, so nothing to tell them.
      warn("StartOutboundCall without a destination was stopped");
      abortAction(abortFunction, "no number to dial");
      return;
    }
    if (destination.length > MAX_DIAL_TEXT) {
      // No phone number is that long; checking only a part of it would dial what the part spells.
      warn(`a destination of ${destination.length} characters was not dialed`);
      abortAction(abortFunction, "not a phone number");
      return;
    }
    const verdict = await link.checkDial(destination);
    if (verdict === null) {
      // The extension is gone or stuck: leave Flex's dialing as it is rather than block the agent.
      warn("no answer about the number from the extension; Flex dials it as entered");
      return;
    }
    if (!verdict.ok) {
      abortAction(abortFunction, "the number can't be dialed");
      return;
    }
    call.destination = verdict.destination;
    const chosen = typeof call.callerId === "string" && call.callerId.trim() !== "";
    if (!chosen && verdict.callerId !== null) call.callerId = verdict.callerId;
  };

  actions.addListener("beforeTransferTask", beforeTransferTask);
  actions.addListener("beforeStartOutboundCall", beforeStartOutboundCall);

  return {
    async transferToCustomerService(sid, targetSid) {
      let error: string | null = null;
      const stopsBefore = stops;
      try {
        await actions.invokeAction("TransferTask", { sid, targetSid, options: { mode: "COLD" } });
        if (stops !== stopsBefore) error = "HunkBridge stopped it: Flex doesn't show this call as inbound.";
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      }
      link.report({ kind: "transfer-result", sid, error });
    },
    dispose() {
      actions.removeListener("beforeTransferTask", beforeTransferTask);
      actions.removeListener("beforeStartOutboundCall", beforeStartOutboundCall);
    },
  };
}
