/**
 * The accept countdown (hb-accept-countdown) on each pending task card, under the card's text so
 * it never covers Flex's Accept button, and on the incoming-task canvas. The seconds come from the
 * reservation's own deadline (acceptDeadlineMs); the overlay goes the moment the reservation is
 * no longer pending in the view (accepted, missed, rejected or withdrawn).
 */

import { incomingTask, taskCards } from "../../../content-scripts/flex/flex-landmarks.ts";
import { ensureOverlay, removeOverlays } from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { countdownText, secondsLeft } from "../../domain/countdown.ts";
import { pendingReservations } from "../../domain/view-queries.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { matchIncomingCanvas, matchPendingCards } from "./card-matching.ts";
import { COUNTDOWN_CSS, createCountdownNode, updateCountdownNode } from "./flex-countdown-node.ts";

export const ACCEPT_CARD = "accept-card";
export const ACCEPT_CANVAS = "accept-canvas";
const TEST_ID = "hb-accept-countdown";
const URGENT_SECONDS = 3;

export const acceptCountdownOverlay: FlexOverlayFeature = {
  name: "accept countdown",
  css: COUNTDOWN_CSS,
  start: ({ doc }) => ({ tick: ({ view, nowMs }) => applyAcceptCountdowns(doc, view, nowMs) }),
};

/** Applies the accept countdowns; returns true while one is still counting (the ticker runs). */
export function applyAcceptCountdowns(doc: Document, view: AgentView | null, nowMs: number): boolean {
  const pending = pendingReservations(view);
  const keep = new Set<Element>();
  let counting = false;
  const show = (parent: Element, kind: string, deadlineMs: number, label: string, onCanvas: boolean) => {
    const className = onCanvas ? "hb-accept hb-canvas-countdown" : "hb-accept";
    // On the card it is read as part of the card (itself focusable); on the canvas it is a tab stop.
    const node = ensureOverlay(parent, kind, (d) => createCountdownNode(d, TEST_ID, className, onCanvas));
    const seconds = secondsLeft(deadlineMs, nowMs);
    updateCountdownNode(
      node,
      label,
      countdownText({ kind: "accept", deadlineMs }, nowMs),
      seconds <= URGENT_SECONDS,
    );
    keep.add(node);
    counting ||= seconds > 0;
  };

  if (pending.length > 0) {
    const cards = taskCards(doc);
    const matched = matchPendingCards(cards, pending);
    cards.forEach((card, index) => {
      const reservation = matched[index];
      if (reservation) show(card.content, ACCEPT_CARD, reservation.acceptDeadlineMs, "Accept in ", false);
    });
    const canvas = incomingTask(doc);
    const onCanvas = canvas && matchIncomingCanvas(canvas.title, pending);
    if (canvas && onCanvas) {
      show(canvas.container, ACCEPT_CANVAS, onCanvas.acceptDeadlineMs, "Time left to accept: ", true);
    }
  }
  removeOverlays(doc, ACCEPT_CARD, keep);
  removeOverlays(doc, ACCEPT_CANVAS, keep);
  return counting;
}
