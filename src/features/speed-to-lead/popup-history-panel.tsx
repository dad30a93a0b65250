/**
 * The last tasks of this browser session, newest first, with their outcome and, from the day's
 * timings, each step's duration (lead to offer, accepted in, review, call); else the time to accept.
 */

import { clockText, originText, outcomeText, timeToAcceptText } from "../../../popup/task-text.ts";
import type { HistoryView, TaskTimingView } from "../../protocol/messages.ts";
import { TaskTimeline } from "./popup-task-timeline.tsx";

/** The issue asks for the last 20; the service worker keeps as many, this is the guard. */
export const HISTORY_SHOWN = 20;

export function HistoryPanel({
  history,
  timings = [],
}: {
  history: HistoryView[];
  /** Today's timings: a task from before midnight has none any more. */
  timings?: TaskTimingView[];
}) {
  const shown = history.slice(0, HISTORY_SHOWN);
  const timingOf = new Map(timings.map((t) => [t.reservationSid, t]));
  return (
    <section aria-labelledby="hb-history-title">
      <h2 id="hb-history-title" class="label">
        This session
      </h2>
      {shown.length === 0 ? (
        <p class="detail">No tasks yet in this browser session.</p>
      ) : (
        // Focusable: the list scrolls past a few entries, and keyboard users must be able to scroll it.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs focus to scroll by keyboard
        <ol class="history" data-testid="hb-history" tabIndex={0} aria-labelledby="hb-history-title">
          {shown.map((h) => {
            const timing = timingOf.get(h.reservationSid);
            return (
              <li key={h.reservationSid} data-outcome={h.outcome}>
                <span class="history-name">{h.name ?? "—"}</span>
                <span class={`outcome outcome-${h.outcome}`}>{outcomeText(h.outcome)}</span>
                <span class="detail">
                  {originText(h.origin)} · {clockText(h.atMs)}
                  {timing === undefined && h.timeToAcceptMs !== null && (
                    <>
                      {" "}
                      · accepted in{" "}
                      <span data-field="time-to-accept">{timeToAcceptText(h.timeToAcceptMs)}</span>
                    </>
                  )}
                </span>
                {timing && <TaskTimeline timing={timing} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
