/**
 * The dial countdown (hb-dial-countdown) on the live call canvas of the task in hand: the review
 * seconds left before Twilio dials the client, then "Dialing…". The text is dialCountdownText
 * (src/domain/countdown.ts), the same function the Hunkware card uses, on the same dialAtMs.
 */

import { liveCallCanvas } from "../../../content-scripts/flex/flex-landmarks.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";
import { dialCountdownText, secondsLeft } from "../../domain/countdown.ts";
import { dialDeadline } from "../../domain/view-queries.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { COUNTDOWN_CSS, createCountdownNode, updateCountdownNode } from "./flex-countdown-node.ts";

export const DIAL = "dial";
const TEST_ID = "hb-dial-countdown";

export const reviewCountdownOverlay: FlexOverlayFeature = {
  name: "review countdown",
  css: COUNTDOWN_CSS,
  start: ({ doc }) => ({ tick: ({ view, nowMs }) => applyDialCountdown(doc, view, nowMs) }),
};

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
