import type { PopupFeature } from "../../../popup/panel.ts";
import { exportToday } from "./popup-export-today.ts";
import { HistoryPanel } from "./popup-history-panel.tsx";
import { SpeedToLeadPanel } from "./popup-speed-to-lead-panel.tsx";

/** Today's tasks, each with its timeline from offer to dial. */
export const historyInPopup: PopupFeature = {
  name: "history",
  Panel: ({ view }) => <HistoryPanel history={view.history} timings={view.today.tasks} />,
};

/** Today's speed to lead: the figures, the chart, the CSV export. */
export const speedToLeadInPopup: PopupFeature = {
  name: "speed to lead",
  Panel: ({ view }) => <SpeedToLeadPanel today={view.today} onExport={() => exportToday(view.today)} />,
};
