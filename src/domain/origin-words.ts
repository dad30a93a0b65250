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
