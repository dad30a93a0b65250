/**
 * The dial rule on Flex's own Actions (MAIN world): beforeStartOutboundCall sends the number to
 * Twilio as E.164 without the "9" prefix, from our caller ID unless the caller chose one; a number
 * that can't be dialed is aborted. The isolated world decides (it holds the phone rules and the
 * configuration) and tells the agent why.
 */
import {
  type ActionListener,
  abortAction,
  asRecord,
  type ExtensionLink,
  type FlexActionsLike,
  type KeptListener,
  keepListener,
} from "../../../content-scripts/flex/actions/flex-actions.ts";
import { MAX_DIAL_TEXT } from "../../protocol/messages.ts";

export function installDialRule(
  actions: FlexActionsLike,
  link: Pick<ExtensionLink, "checkDial">,
  warn: (line: string) => void,
): KeptListener {
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
  return keepListener(actions, "beforeStartOutboundCall", beforeStartOutboundCall);
}
