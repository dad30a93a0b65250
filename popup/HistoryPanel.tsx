/** The last tasks of this browser session, newest first, with their outcome and time to accept. */
import type { HistoryView } from "../src/protocol/messages.ts";
import { clockText, originText, outcomeText, timeToAcceptText } from "./task-text.ts";

/** The issue asks for the last 20; the service worker keeps as many, this is the guard. */
export const HISTORY_SHOWN = 20;

export function HistoryPanel({ history }: { history: HistoryView[] }) {
  const shown = history.slice(0, HISTORY_SHOWN);
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
          {shown.map((h) => (
            <li key={h.reservationSid} data-outcome={h.outcome}>
              <span class="history-name">{h.name ?? "—"}</span>
              <span class={`outcome outcome-${h.outcome}`}>{outcomeText(h.outcome)}</span>
              <span class="detail">
                {originText(h.origin)} · {clockText(h.atMs)}
                {h.timeToAcceptMs !== null && (
                  <>
                    {" "}
                    · accepted in{" "}
                    <span data-field="time-to-accept">{timeToAcceptText(h.timeToAcceptMs)}</span>
                  </>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
