/**
 * The day's chart: offer → accept per task over the day, missed offers as red crosses on the top
 * line. An SVG image whose text alternative (aria-label) says what the chart shows in words.
 */

import type { DayTimingsView } from "../../protocol/messages.ts";
import { type ChartBox, dayChartGeometry, isDrawn } from "./day-chart-geometry.ts";
import type { DayFigures } from "./day-figures.ts";
import { chartSummary } from "./popup-timing-text.ts";

const BOX: ChartBox = { width: 312, height: 96, left: 34, right: 16, top: 8, bottom: 18 };
const CROSS = 3;

const hourText = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "numeric" });
const secondsText = (ms: number) => `${Math.round(ms / 1000)} s`;

export function DayChart({ today, figures }: { today: DayTimingsView; figures: DayFigures }) {
  const { marks, xTicks, yTicks, plot } = dayChartGeometry(today.tasks, today, BOX);
  if (marks.length === 0) return null;
  // Tasks are oldest offer first: the first and last drawn bound the time the chart covers.
  const drawn = today.tasks.filter(isDrawn);
  const summary = chartSummary(
    figures,
    drawn[0]?.offeredAtMs ?? today.startMs,
    drawn.at(-1)?.offeredAtMs ?? today.startMs,
  );
  return (
    <figure class="day-chart" data-testid="hb-day-chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${BOX.width} ${BOX.height}`}>
        <title>{summary}</title>
        {yTicks.map((t) => (
          <g key={`y${t.value}`} class="grid">
            <line x1={plot.x0} x2={plot.x1} y1={t.position} y2={t.position} />
            <text x={plot.x0 - 4} y={t.position + 3} text-anchor="end">
              {secondsText(t.value)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t.value}`} class="tick" x={t.position} y={BOX.height - 4} text-anchor="middle">
            {hourText(t.value)}
          </text>
        ))}
        {marks.map((m) =>
          m.missed ? (
            <path
              key={m.key}
              class="missed"
              d={`M${m.x - CROSS} ${m.y - CROSS}l${2 * CROSS} ${2 * CROSS}m0 ${-2 * CROSS}l${-2 * CROSS} ${2 * CROSS}`}
            />
          ) : (
            <circle key={m.key} class="accepted" cx={m.x} cy={m.y} r="3" />
          ),
        )}
      </svg>
      <figcaption class="detail">
        Offer to accept per task, by time of offer{figures.missed > 0 && "; × missed"}
      </figcaption>
    </figure>
  );
}
