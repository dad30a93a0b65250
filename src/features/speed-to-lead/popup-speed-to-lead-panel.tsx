/**
 * Speed to lead today: how many offers, accepted and missed, how fast (median and 90th percentile),
 * the day's chart, and "Export today" (CSV). Computed here from the day's timings in the view.
 */

import { PanelHeading } from "../../../popup/PanelHeading.tsx";
import type { DayTimingsView } from "../../protocol/messages.ts";
import { dayFigures } from "./day-figures.ts";
import { DayChart } from "./popup-day-chart.tsx";
import { spreadText } from "./popup-timing-text.ts";

export function SpeedToLeadPanel({ today, onExport }: { today: DayTimingsView; onExport: () => void }) {
  const figures = dayFigures(today.tasks);
  return (
    <section aria-labelledby="hb-today-title" data-testid="hb-speed-to-lead">
      <PanelHeading id="hb-today-title" title="Speed to lead today">
        <button
          type="button"
          class="link"
          data-testid="hb-export-today"
          disabled={today.tasks.length === 0}
          onClick={onExport}
        >
          Export today
        </button>
      </PanelHeading>
      {today.tasks.length === 0 ? (
        <p class="detail">No offers yet today.</p>
      ) : (
        <>
          <dl class="figures" data-testid="hb-day-figures">
            <div>
              <dt>Offers</dt>
              <dd data-field="offers">{figures.offers}</dd>
            </div>
            <div>
              <dt>Accepted</dt>
              <dd data-field="accepted">{figures.accepted}</dd>
            </div>
            <div>
              <dt>Missed</dt>
              <dd data-field="missed">{figures.missed}</dd>
            </div>
            <div class="spread">
              <dt>Offer to accept</dt>
              <dd data-field="offer-to-accept">{spreadText(figures.offerToAccept)}</dd>
            </div>
            <div class="spread">
              <dt>Lead to dial</dt>
              <dd data-field="lead-to-dial">{spreadText(figures.leadToDial)}</dd>
            </div>
          </dl>
          <DayChart today={today} figures={figures} />
        </>
      )}
    </section>
  );
}
