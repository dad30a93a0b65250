/**
 * "Export today": the day's timings as a CSV file, saved through an <a download> of a Blob. No
 * downloads permission, and nothing leaves the machine but the file the agent asked for.
 */

import type { TodayView } from "../../protocol/messages.ts";
import { timingsCsv, timingsCsvFileName } from "./timings-csv.ts";

/** Minutes east of UTC in this browser at that moment (daylight saving included). */
const utcOffsetAt = (ms: number) => -new Date(ms).getTimezoneOffset();

/** How long the file's URL lives: Chrome has read a few kilobytes long before; closing the popup frees it too. */
const REVOKE_AFTER_MS = 60_000;

export function exportToday(today: TodayView, doc: Document = document): void {
  const csv = new Blob([timingsCsv(today.tasks, utcOffsetAt, today.agent)], {
    type: "text/csv;charset=utf-8",
  });
  const url = URL.createObjectURL(csv);
  const link = doc.createElement("a");
  link.href = url;
  link.download = timingsCsvFileName(today, utcOffsetAt);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
