/**
 * When an extension update may be applied: Chrome applies one only when the extension is idle,
 * which with the TaskRouter socket open it never is, so HunkBridge applies it itself
 * (runtime.reload) at the first moment the agent loses nothing: no offer waiting, no review
 * counting down, no call. Wrap-up is not a call: the reservation is re-read after the restart.
 */
import type { AgentSession } from "../../domain/reservation.ts";

/** What an update waits for, in the popup's words; null: nothing, apply it now. */
export type UpdateWait = "the offer" | "the review" | "the call";

type Phase = AgentSession["reservations"][number]["phase"];
const WAITS_FOR: Partial<Record<Phase, UpdateWait>> = {
  pending: "the offer",
  review: "the review",
  dialing: "the call",
};

/**
 * The first thing in the session (or the agent view) an update must wait for, the most pressing
 * first. Anything else that disturbs the agent (a reload of Flex) waits for the same moment.
 */
export function updateWaitsFor(session: {
  reservations: ReadonlyArray<{ phase: Phase }>;
}): UpdateWait | null {
  const waits = new Set(session.reservations.map((r) => WAITS_FOR[r.phase]));
  return (["the call", "the review", "the offer"] as const).find((wait) => waits.has(wait)) ?? null;
}
