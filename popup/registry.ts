/**
 * Every panel of the popup, top to bottom. Adding one is its folder under src/features/ and one
 * line here.
 */
import { activityInPopup } from "../src/features/agent-activity/popup.tsx";
import { taskInPopup } from "../src/features/countdowns/popup.tsx";
import { draftsInPopup } from "../src/features/drafts/popup.tsx";
import { historyInPopup, speedToLeadInPopup } from "../src/features/speed-to-lead/popup.tsx";
import { connectionInPopup } from "../src/features/status-chip/popup.tsx";
import { updateInPopup } from "../src/features/updates/popup.tsx";
import type { PopupFeature } from "./panel.ts";

export const POPUP_PANELS: readonly PopupFeature[] = [
  connectionInPopup,
  updateInPopup,
  activityInPopup,
  taskInPopup,
  historyInPopup,
  speedToLeadInPopup,
  draftsInPopup,
];
