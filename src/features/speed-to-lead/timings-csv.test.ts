import { describe, expect, it } from "vitest";
import type { TaskTiming } from "./speed-to-lead.ts";
import { CSV_COLUMNS, csvCell, localTimestamp, timingsCsv, timingsCsvFileName } from "./timings-csv.ts";

const T0 = Date.UTC(2025, 2, 4, 19, 5, 3); // 14:05:03 in New York (UTC-5 that day)
const NEW_YORK = () => -300;

const timing: TaskTiming = {
  reservationSid: "WR1",
  taskSid: "WT1",
  origin: "weblead",
  leadId: "L-7001",
  leadAtMs: T0 - 90_000,
  leadSource: "lead_created_at",
  offeredAtMs: T0,
  acceptedAtMs: T0 + 3_449,
  dialedAtMs: T0 + 18_449,
  endedAtMs: null,
  outcome: "accepted",
};

/** Reads the CSV back (quoted cells only, as timingsCsv writes them). */
function cells(csv: string): string[][] {
  return csv
    .split("\r\n")
    .filter((line) => line !== "")
    .map((line) =>
      [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => (m[1] ?? "").replaceAll('""', '"')),
    );
}

describe("csvCell", () => {
  it("quotes every cell and doubles quotes inside", () => {
    expect(csvCell("L-1")).toBe('"L-1"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("")).toBe('""');
  });

  it.each(["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","click")'])(
    "defuses a cell a spreadsheet would run: %j",
    (text) => {
      expect(csvCell(text).startsWith(`"'`)).toBe(true);
    },
  );

  it("leaves a formula character inside a cell alone", () => {
    expect(csvCell("L-=1")).toBe('"L-=1"');
  });
});

describe("timingsCsv", () => {
  it("writes a header and one row per task, in the agent's local time, durations in seconds", () => {
    const csv = timingsCsv([timing], NEW_YORK, "ada@chhj.com");
    expect(csv.endsWith("\r\n")).toBe(true);
    const [header, row] = cells(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row?.[i]]))).toEqual({
      task_sid: "WT1",
      reservation_sid: "WR1",
      lead_id: "L-7001",
      origin: "weblead",
      outcome: "accepted",
      lead_time_source: "lead_created_at",
      lead_submitted: "2025-03-04 14:03:33",
      offered: "2025-03-04 14:05:03",
      accepted: "2025-03-04 14:05:06",
      dialed: "2025-03-04 14:05:21",
      ended: "",
      lead_to_offer_s: "90.0",
      offer_to_accept_s: "3.4",
      review_s: "15.0",
      lead_to_dial_s: "108.4",
      call_s: "",
      agent: "ada@chhj.com",
    });
  });

  it("defuses a lead id from the workflow that a spreadsheet would run", () => {
    const csv = timingsCsv([{ ...timing, leadId: '=HYPERLINK("http://evil","x")' }], NEW_YORK, "@evil");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain(`"'@evil"`);
  });

  it("is only the header for an empty day", () => {
    expect(cells(timingsCsv([], NEW_YORK, "ada@chhj.com"))).toEqual([[...CSV_COLUMNS]]);
  });

  it("leaves the agent cell empty when nobody has signed in yet", () => {
    const [, row] = cells(timingsCsv([timing], NEW_YORK, null));
    expect(row?.at(-1)).toBe("");
    expect(CSV_COLUMNS.at(-1)).toBe("agent");
  });
});

describe("local time", () => {
  it("formats a moment in the zone given, for daylight saving too", () => {
    expect(localTimestamp(T0, -300)).toBe("2025-03-04 14:05:03");
    expect(localTimestamp(T0, -240)).toBe("2025-03-04 15:05:03");
    expect(localTimestamp(T0, 330)).toBe("2025-03-05 00:35:03");
  });

  it("names the file after the local day", () => {
    const day = { startMs: Date.UTC(2025, 2, 4, 5), endMs: Date.UTC(2025, 2, 5, 5) };
    expect(timingsCsvFileName(day, NEW_YORK)).toBe("hunkbridge-speed-to-lead-2025-03-04.csv");
  });
});
