/**
 * The cold transfer to customer service on offer for the live call in hand: only an inbound call,
 * only with `customerServiceTarget` configured, only while HunkBridge is connected; else null.
 */
import { inHandReservation } from "../../domain/view-queries.ts";
import type { AgentView } from "../../protocol/messages.ts";

export function customerServiceTransfer(view: AgentView | null): { sid: string; targetSid: string } | null {
  if (view?.connection.status !== "connected") return null;
  const r = inHandReservation(view);
  const targetSid = view.calling.customerServiceTarget;
  if (!r || targetSid === null || r.origin !== "inbound" || !r.transferAllowed) return null;
  return r.phase === "review" || r.phase === "dialing" ? { sid: r.sid, targetSid } : null;
}
