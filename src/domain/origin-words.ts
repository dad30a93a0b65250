// How a task's origin reads to the agent, in the popup, on the Hunkware card and in Flex: one home
// for the words, so the views never disagree.
import type { TaskOrigin } from "./origin.ts";

const ORIGIN_WORDS: Record<TaskOrigin, string> = {
  weblead: "Web lead",
  inbound: "Inbound call",
  unknown: "Unknown origin",
};

/** `callback`: an inbound call to our outbound caller ID (domain/callback.ts). */
export function originText(origin: TaskOrigin, callback = false): string {
  return origin === "inbound" && callback ? "Inbound callback" : ORIGIN_WORDS[origin];
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const two = (n: number) => String(n).padStart(2, "0");

/**
 * A callback linked to the lead it answers (src/features/callback-memory/): "Callback — lead L-1234, called
 * Tue 10:42", in this browser's time zone. Weekday and 24-hour time: within the memory's window
 * (two weeks by default) that is what an agent needs to place the call, and it reads the same in
 * every locale.
 */
export function callbackLeadText(lead: { leadId: string; calledAtMs: number }): string {
  const at = new Date(lead.calledAtMs);
  const when = `${WEEKDAYS[at.getDay()]} ${two(at.getHours())}:${two(at.getMinutes())}`;
  return `Callback — lead ${lead.leadId}, called ${when}`;
}

/** The origin line of a reservation in the views: its callback's lead when one is linked. */
export function reservationOriginText(r: {
  origin: TaskOrigin;
  callback: boolean;
  linkedLead: { leadId: string; calledAtMs: number } | null;
}): string {
  return r.linkedLead && r.origin === "inbound"
    ? callbackLeadText(r.linkedLead)
    : originText(r.origin, r.callback);
}
