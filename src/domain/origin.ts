// Where a task came from decides what the screen-pop opens and whether Flex may transfer the call
// (CONTRACT §2). Matching is exact (after trimming), as the workflow writes it: a near miss such as "Inbound" stays
// "unknown", which blocks transfer — the safe side.
import { attributeText, type TaskAttributes } from "./attributes.ts";

export const TASK_ORIGINS = ["weblead", "inbound", "unknown"] as const;
export type TaskOrigin = (typeof TASK_ORIGINS)[number];

export function classifyOrigin(attrs: TaskAttributes): TaskOrigin {
  const direction = attributeText(attrs, "direction");
  if (attributeText(attrs, "type") === "weblead") return "weblead";
  if (attributeText(attrs, "lead_id") !== null && direction !== "inbound") return "weblead";
  if (direction === "inbound") return "inbound";
  return "unknown";
}

/** Only an inbound callback may be transferred; weblead and unknown tasks fail closed. */
export function isTransferAllowed(origin: TaskOrigin): origin is "inbound" {
  return origin === "inbound";
}
