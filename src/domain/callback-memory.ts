// Issue #16 §2: a client who calls back is usually answering the lead an agent called. This
// browser remembers, for `callbackMemoryDays` (CONTRACT §1), which lead each popped number
// belonged to, so a callback from that number opens the lead instead of the caller search.
// Only a keyed hash of the number is kept (phone-key.ts), never the number or the client's name.

/** One popped lead: the keyed hash of its 10-digit number, its lead id and when it was called. */
export type RememberedLead = { numberKey: string; leadId: string; calledAtMs: number };

/** What the memory holds in storage: the agent it belongs to and their leads, oldest first. */
export type CallbackMemoryState = { agent: string | null; leads: RememberedLead[] };

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

const isLead = (value: unknown): value is RememberedLead => {
  if (typeof value !== "object" || value === null) return false;
  const lead = value as Record<string, unknown>;
  return (
    typeof lead.numberKey === "string" &&
    /^[0-9a-f]{64}$/.test(lead.numberKey) &&
    typeof lead.leadId === "string" &&
    lead.leadId !== "" &&
    typeof lead.calledAtMs === "number" &&
    Number.isFinite(lead.calledAtMs)
  );
};

/** What storage gave back, checked: anything malformed is dropped, never trusted. */
export function parseMemory(stored: unknown): CallbackMemoryState {
  if (typeof stored !== "object" || stored === null) return EMPTY_MEMORY;
  const { agent, leads } = stored as Record<string, unknown>;
  return {
    agent: typeof agent === "string" ? agent : null,
    leads: Array.isArray(leads) ? leads.filter(isLead) : [],
  };
}
