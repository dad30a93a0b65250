/**
 * The cold transfer to customer service the agent confirmed, on Flex's own Actions (MAIN world):
 * through Flex's TransferTask, so through the transfer guard as well; how it went is reported.
 */
import type { FlexActionsLike, Report } from "../../../content-scripts/flex/actions/flex-actions.ts";

export async function transferToCustomerService(
  actions: FlexActionsLike,
  guard: { readonly stops: number },
  report: (message: Report) => void,
  sid: string,
  targetSid: string,
): Promise<void> {
  let error: string | null = null;
  const stopsBefore = guard.stops;
  try {
    await actions.invokeAction("TransferTask", { sid, targetSid, options: { mode: "COLD" } });
  } catch (err) {
    // Flex rejects a cancelled action ("Action TransferTask cancelled by before event"): when
    // the cancel was ours, say why in the agent's words.
    error =
      guard.stops !== stopsBefore
        ? "HunkBridge stopped it: Flex doesn't show this call as inbound."
        : (err instanceof Error ? err.message : String(err)).slice(0, 300);
  }
  report({ kind: "transfer-result", sid, error });
}
