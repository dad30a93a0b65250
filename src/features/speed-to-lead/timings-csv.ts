// "Export today": the day's timings as CSV, one row per task, for a team lead's spreadsheet. Times,
// durations, origin, lead id, outcome and the agent; never a client's name or phone. Every cell is quoted
// (RFC 4180), and a cell a spreadsheet would run as a formula is defused (OWASP's advice on CSV
// injection): lead ids are task attributes, untrusted text.
import { type LocalDay, type TaskTiming, taskDurations } from "./speed-to-lead.ts";

export const CSV_COLUMNS = [
  "task_sid",
  "reservation_sid",
  "lead_id",
  "origin",
  "outcome",
  "lead_time_source",
  "lead_submitted",
  "offered",
  "accepted",
  "dialed",
  "ended",
  "lead_to_offer_s",
  "offer_to_accept_s",
  "review_s",
  "lead_to_dial_s",
  "call_s",
  // Last, so that a sheet reading the columns by position before this one still reads them.
  "agent",
] as const;

/** Minutes east of UTC at that moment (the agent's zone, daylight saving included). */
export type UtcOffsetAt = (ms: number) => number;

// What Excel, Sheets and LibreOffice start a formula (or DDE call) with.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One quoted cell; a leading formula character gets a `'`, so the sheet shows it as text. */
export function csvCell(text: string): string {
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${defused.replaceAll('"', '""')}"`;
}

/** "2025-03-04 14:05:03": local time as spreadsheets read it; the file is one agent's local day. */
export function localTimestamp(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace("T", " ");
}

function seconds(ms: number | null): string {
  return ms === null ? "" : (ms / 1000).toFixed(1);
}

function row(t: TaskTiming, offsetAt: UtcOffsetAt, agent: string): string[] {
  const time = (ms: number | null) => (ms === null ? "" : localTimestamp(ms, offsetAt(ms)));
  const d = taskDurations(t);
  return [
    t.taskSid,
    t.reservationSid,
    t.leadId ?? "",
    t.origin,
    t.outcome,
    t.leadSource,
    time(t.leadAtMs),
    time(t.offeredAtMs),
    time(t.acceptedAtMs),
    time(t.dialedAtMs),
    time(t.endedAtMs),
    seconds(d.leadToOfferMs),
    seconds(d.offerToAcceptMs),
    seconds(d.acceptToDialMs),
    seconds(d.leadToDialMs),
    seconds(d.dialToEndMs),
    agent,
  ];
}

/**
 * The whole file: a header and one row per task, CRLF line ends as RFC 4180 has them. `agent`:
 * whose tasks (the token service's identity), so that a team lead can merge several agents' files.
 */
export function timingsCsv(
  tasks: readonly TaskTiming[],
  offsetAt: UtcOffsetAt,
  agent: string | null,
): string {
  const lines = [[...CSV_COLUMNS], ...tasks.map((t) => row(t, offsetAt, agent ?? ""))];
  return lines.map((cells) => `${cells.map(csvCell).join(",")}\r\n`).join("");
}

/** "hunkbridge-speed-to-lead-2025-03-04.csv", after the local day it covers. */
export function timingsCsvFileName(day: LocalDay, offsetAt: UtcOffsetAt): string {
  return `hunkbridge-speed-to-lead-${localTimestamp(day.startMs, offsetAt(day.startMs)).slice(0, 10)}.csv`;
}
