// extensionOf against the reference it was written from: libphonenumber-js's own parser, given the
// +1 numbering plan (what phone.ts asked before the grammar was written out), spelling by spelling
// and over a seeded corpus of typed and pasted text.
import { type MetadataJson, parsePhoneNumberFromString } from "libphonenumber-js/core";
import minMetadata from "libphonenumber-js/min/metadata";
import { describe, expect, it } from "vitest";
import { normalizeNanp } from "../../../src/domain/phone.ts";
import { extensionOf } from "../../../src/domain/phone-extension.ts";

/** The library's +1 numbering plan alone, as "US" (the other +1 countries only tell themselves apart). */
const NANP: MetadataJson = {
  ...minMetadata,
  country_calling_codes: { "1": ["US"] },
  countries: { US: minMetadata.countries.US },
  nonGeographic: {},
} as MetadataJson;
const reference = (text: string) => parsePhoneNumberFromString(text, "US", NANP)?.ext;

const NUMBERS = [
  "617-555-0123",
  "(617) 555-0123",
  "(617)555-0123",
  "6175550123",
  "1-617-555-0123",
  "+1 617 555 0123",
  "+16175550123",
  "9-617-555-0123",
  "91-617-555-0123",
  "617.555.0123",
  "617/555/0123",
  "617 555 012",
  "555-0123",
  "617-111-0123",
  "211-555-0123",
  "1-800-FLOWERS",
  "+44 20 7946 0958",
  "011 44 20 7946 0958",
];
const EXTENSIONS = [
  " x12",
  "x12",
  " X 12",
  "X-12",
  " x. 12",
  " ext. 5",
  " ext 5",
  " Ext: 9",
  " EXT.5",
  " extn 5",
  " extension 1234",
  " extensión 12",
  " #5",
  "#5",
  " # 5#",
  ";ext=7",
  ";ext=123456789012345678901",
  ",,5",
  ", 5",
  ",5",
  ";5",
  " - 503#",
  " 503#",
  " anexo 3",
  " доб 4",
  " ｘ12",
  " ｅｘｔ 12",
  " int 5",
  " ~5",
  " x1234567890",
  " ;",
  " x",
  " ext",
  "",
];

describe("extensionOf", () => {
  it("finds the extension exactly where libphonenumber-js does, for every spelling after every kind of number", () => {
    for (const number of NUMBERS) {
      for (const extension of EXTENSIONS) {
        const text = `${number}${extension}`;
        expect({ text, ext: extensionOf(text) }).toEqual({ text, ext: reference(text) });
      }
    }
  });

  it("accepts no number the library's parser refused, over 5,000 typed texts", () => {
    // A fixed seed: a failure names its text and reproduces.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      ..."0123456789",
      "617",
      "555",
      "0123",
      "+1",
      "+44",
      "011",
      ..." -.()/,;#~=",
      "x",
      "ext",
      "anexo",
      "int",
      "FLOWERS",
    ];
    let extensions = 0;
    for (let i = 0; i < 5_000; i++) {
      const length = 1 + Math.floor(random() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const before = normalizeNanp(text, reference);
      const now = normalizeNanp(text);
      // Never a number accepted that was refused, nor shown differently.
      if (now.ok) expect({ text, before }).toEqual({ text, before: now });
      // Refused now but accepted before: only text the grammar reads as an extension, where the
      // library's parser had given up earlier ("93 anexo555" dialed 1-932-639-6555 as letters).
      else if (before.ok) expect({ text, kind: now.kind }).toEqual({ text, kind: "extension" });
      if (!now.ok && now.kind === "extension") extensions++;
    }
    // The corpus does reach the extension rule, not only other refusals.
    expect(extensions).toBeGreaterThan(50);
  });
});
