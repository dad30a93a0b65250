/**
 * When an extension update may be applied: Chrome applies one only when the extension is idle,
 * which with the TaskRouter socket open it never is, so HunkBridge applies it itself
 * (runtime.reload) at the first moment the agent loses nothing: no offer waiting, no review
 * counting down, no call. Wrap-up is not a call: the reservation is re-read after the restart.
 */
import type { AgentSession } from "../../domain/reservation.ts";

/** What an update waits for, in the popup's words; null: nothing, apply it now. */
export type UpdateWait = "the offer" | "the review" | "the call";

const WAITS_FOR: Partial<Record<AgentSession["reservations"][number]["phase"], UpdateWait>> = {
  pending: "the offer",
  review: "the review",
  dialing: "the call",
};

/** The first thing in the session an update must wait for, the most pressing first. */
export function updateWaitsFor(session: Pick<AgentSession, "reservations">): UpdateWait | null {
  const waits = new Set(session.reservations.map((r) => WAITS_FOR[r.phase]));
  return (["the call", "the review", "the offer"] as const).find((wait) => waits.has(wait)) ?? null;
}
