import { describe, expect, it } from "vitest";
import { formatPhoneForDisplay, normalizeNanp, type PhoneErrorKind } from "../../../src/domain/phone.ts";

const BOSTON = "1-617-555-0123";

// input → display form, or the kind of error
const TABLE: Array<[string, string | { error: PhoneErrorKind }]> = [
  // common forms
  ["(617) 555-0123", BOSTON],
  ["617-555-0123", BOSTON],
  ["617.555.0123", BOSTON],
  ["617 555 0123", BOSTON],
  ["6175550123", BOSTON],
  ["16175550123", BOSTON],
  ["1-617-555-0123", BOSTON],
  ["1 (617) 555-0123", BOSTON],
  ["+1 617 555 0123", BOSTON],
  ["+16175550123", BOSTON],
  ["+1 (617) 555-0123", BOSTON],
  ["  617-555-0123  ", BOSTON],
  ["617/555-0123", BOSTON],
  ["617\u00a0555\u20130123", BOSTON], // no-break space, en dash (pasted from a document)
  // the "9" outside-line prefix is dropped
  ["9-617-555-0123", BOSTON],
  ["96175550123", BOSTON],
  ["9 1 617 555 0123", BOSTON],
  ["916175550123", BOSTON],
  ["9-212-555-0199", "1-212-555-0199"], // area code starting with 9 is not a prefix
  ["912-555-0199", "1-912-555-0199"],
  ["9-912-555-0199", "1-912-555-0199"],
  // vanity letters map per the keypad
  ["1-800-FLOWERS", "1-800-356-9377"],
  ["1-800-flowers", "1-800-356-9377"],
  ["800-GOT-JUNK", "1-800-468-5865"],
  ["1 (800) GOT-JUNK", "1-800-468-5865"],
  ["+1 800 PQRS WXY", "1-800-777-7999"],
  // NANP countries besides the US
  ["+1 416 555 0123", "1-416-555-0123"], // Canada
  ["+1 876 555 0123", "1-876-555-0123"], // Jamaica
  ["(555) 555-0123", "1-555-555-0123"], // fictional area code: the spec doesn't reject it
  // empty and not a number
  ["", { error: "empty" }],
  ["   ", { error: "empty" }],
  ["anonymous", { error: "no_digits" }],
  ["N/A", { error: "no_digits" }],
  ["client:alice", { error: "invalid_characters" }],
  ["617*555*0123", { error: "invalid_characters" }],
  ["617-555-0123 ;", { error: "invalid_characters" }],
  ["+1 617 + 555 0123", { error: "invalid_characters" }],
  // extensions
  ["617-555-0123 x12", { error: "extension" }],
  ["617-555-0123 ext. 5", { error: "extension" }],
  ["(617) 555-0123;ext=7", { error: "extension" }],
  // wrong length
  ["617-555-012", { error: "wrong_length" }],
  ["617-555-01234", { error: "wrong_length" }],
  ["26175550123", { error: "wrong_length" }],
  ["1-617-555-01234", { error: "wrong_length" }],
  ["+1 617 555 012", { error: "wrong_length" }],
  ["+1 9 617 555 0123", { error: "wrong_length" }],
  ["1-800-FLOWERSS", { error: "wrong_length" }],
  ["5", { error: "wrong_length" }],
  // area code and exchange code rules
  ["017-555-0123", { error: "bad_area_code" }],
  ["117-555-0123", { error: "bad_area_code" }],
  ["1-017-555-0123", { error: "bad_area_code" }],
  ["9-117-555-0123", { error: "bad_area_code" }],
  ["211-555-0123", { error: "n11_area_code" }],
  ["911-555-0123", { error: "n11_area_code" }],
  ["+1 411 555 0123", { error: "n11_area_code" }],
  ["617-055-0123", { error: "bad_exchange_code" }],
  ["617-155-0123", { error: "bad_exchange_code" }],
  ["617-211-5555", { error: "n11_exchange_code" }],
  ["617-911-5555", { error: "n11_exchange_code" }],
  ["9-617-411-5555", { error: "n11_exchange_code" }],
  // other countries
  ["+44 20 7946 0958", { error: "not_nanp" }],
  ["+52 55 1234 5678", { error: "not_nanp" }],
  ["011 44 20 7946 0958", { error: "not_nanp" }],
  ["+999 1234", { error: "not_nanp" }],
];

describe("normalizeNanp", () => {
  it("has a table of at least 40 cases", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)("%j → %j", (input, expected) => {
    const result = normalizeNanp(input);
    if (typeof expected === "string") {
      expect(result).toEqual({
        ok: true,
        display: expected,
        e164: `+${expected.replaceAll("-", "")}`,
        digits10: expected.replaceAll("-", "").slice(1),
      });
    } else {
      expect(result).toMatchObject({ ok: false, kind: expected.error });
    }
  });

  it("gives errors a person can act on", () => {
    expect(normalizeNanp("617-211-5555")).toMatchObject({ error: expect.stringContaining("211") });
    expect(normalizeNanp("017-555-0123")).toMatchObject({ error: expect.stringContaining("017") });
    expect(normalizeNanp("617-555-012")).toMatchObject({ error: expect.stringContaining("9 digits") });
    expect(normalizeNanp("+44 20 7946 0958")).toMatchObject({ error: expect.stringContaining("+44") });
    expect(normalizeNanp("617-555-0123 x12")).toMatchObject({ error: expect.stringContaining("12") });
    expect(normalizeNanp("+999 1234")).toMatchObject({ error: expect.stringContaining("not +1") });
  });

  it("copes with a 10 kB input", () => {
    expect(normalizeNanp("6".repeat(10_000))).toMatchObject({ ok: false, kind: "wrong_length" });
    expect(normalizeNanp("A".repeat(10_000))).toMatchObject({ ok: false, kind: "no_digits" });
  });
});

describe("formatPhoneForDisplay", () => {
  it.each([
    ["+16175550123", BOSTON],
    ["9-617-555-0123", BOSTON],
    ["client:alice", "client:alice"],
    ["617-211-5555", "617-211-5555"],
    ["", "—"],
    ["  ", "—"],
    [null, "—"],
  ])("%j → %j", (raw, expected) => {
    expect(formatPhoneForDisplay(raw)).toBe(expected);
  });
});
