/**
 * The dial countdown (hb-dial-countdown) on the live call canvas of the task in hand: the review
 * seconds left before Twilio dials the client, then "Dialing…". The text is dialCountdownText
 * (src/domain/countdown.ts), the same function the Hunkware card uses, on the same dialAtMs.
 */
import { dialCountdownText, secondsLeft } from "../../../src/domain/countdown.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";
import { liveCallCanvas } from "../flex-landmarks.ts";
import { createCountdownNode, updateCountdownNode } from "./countdown-node.ts";
import { dialDeadline } from "./decisions.ts";
import { placeSingleOverlay } from "./single-overlay.ts";

export const DIAL = "dial";
const TEST_ID = "hb-dial-countdown";

/** Applies the dial countdown; returns true while it still counts seconds (the ticker runs). */
export function applyDialCountdown(doc: Document, view: AgentView | null, nowMs: number): boolean {
  const dialAtMs = dialDeadline(view);
  const canvas = dialAtMs === null ? null : liveCallCanvas(doc);
  const node = placeSingleOverlay(doc, DIAL, canvas, (d) =>
    createCountdownNode(d, TEST_ID, "hb-canvas-countdown", true),
  );
  if (!node || dialAtMs === null) return false;
  const seconds = secondsLeft(dialAtMs, nowMs);
  updateCountdownNode(
    node,
    seconds > 0 ? "Client dialed in " : "",
    dialCountdownText(dialAtMs, nowMs),
    false,
  );
  return seconds > 0;
}
