import type { PopupFeature } from "../../../popup/panel.ts";
import { TaskPanel } from "./popup-task-panel.tsx";

/** The task in hand and the offers, each with its accept or review countdown. */
export const taskInPopup: PopupFeature = {
  name: "task",
  Panel: ({ view, nowMs }) => <TaskPanel view={view} nowMs={nowMs} />,
};
