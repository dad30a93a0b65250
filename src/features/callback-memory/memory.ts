// Issue #16 §2: a client who calls back is usually answering the lead an agent called. This
// browser remembers, for `callbackMemoryDays` (CONTRACT §1), which lead each popped number
// belonged to, so a callback from that number opens the lead instead of the caller search.
// Only a keyed hash of the number is kept (phone-key.ts), never the number or the client's name.
import * as v from "valibot";

/** One popped lead: the keyed hash of its 10-digit number, its lead id and when it was called. */
export const RememberedLead = v.object({
  numberKey: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  leadId: v.pipe(v.string(), v.minLength(1)),
  calledAtMs: v.pipe(v.number(), v.finite()),
});
export type RememberedLead = v.InferOutput<typeof RememberedLead>;

/**
 * What the memory holds in storage: the agent it belongs to and their leads, oldest first. Read
 * back from disk, so checked; a malformed lead is dropped alone, never trusted, and the rest stay.
 */
export const CallbackMemoryState = v.object({
  agent: v.nullable(v.string()),
  leads: v.pipe(
    v.array(v.unknown()),
    v.transform((leads) => leads.filter((lead): lead is RememberedLead => v.is(RememberedLead, lead))),
  ),
});
export type CallbackMemoryState = v.InferOutput<typeof CallbackMemoryState>;

export const EMPTY_MEMORY: CallbackMemoryState = Object.freeze({ agent: null, leads: [] });

/**
 * A bound on storage: an agent pops a few hundred leads a day at most, and `callbackMemoryDays`
 * is at most a year, so the oldest go first past this many.
 */
export const MEMORY_LIMIT = 5000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Entries younger than the window; `days` 0 (off) keeps none. */
export function withinWindow(leads: RememberedLead[], nowMs: number, days: number): RememberedLead[] {
  const oldest = nowMs - days * DAY_MS;
  const kept = leads.filter((lead) => lead.calledAtMs > oldest);
  return kept.length === leads.length ? leads : kept;
}

/**
 * Remembers a popped lead; a number called again points at its latest lead. Expired entries go in
 * the same step, so the storage never holds more than the window.
 */
export function rememberLead(
  state: CallbackMemoryState,
  lead: RememberedLead,
  nowMs: number,
  days: number,
): CallbackMemoryState {
  if (days === 0) return state.leads.length === 0 ? state : { ...state, leads: [] };
  const others = state.leads.filter((old) => old.numberKey !== lead.numberKey);
  const leads = withinWindow([...others, lead], nowMs, days).slice(-MEMORY_LIMIT);
  return { ...state, leads };
}

/** The lead last popped for this number within the window, or null. */
export function recallLead(
  state: CallbackMemoryState,
  numberKey: string,
  nowMs: number,
  days: number,
): RememberedLead | null {
  const found = state.leads.find((lead) => lead.numberKey === numberKey);
  return found && withinWindow([found], nowMs, days).length === 1 ? found : null;
}

/** The memory is the agent's: another agent signing in on this browser starts from nothing. */
export function forAgent(state: CallbackMemoryState, agent: string): CallbackMemoryState {
  return state.agent === agent ? state : { agent, leads: [] };
}
