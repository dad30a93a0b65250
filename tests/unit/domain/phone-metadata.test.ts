// The full "min" metadata, as phone.ts used before it was sliced: the reference the slice must match.
import { parsePhoneNumberFromString as parseWithAllCountries } from "libphonenumber-js";
import minMetadata from "libphonenumber-js/min/metadata";
import { describe, expect, it } from "vitest";
import { countryCallingCodes, phoneMetadataText } from "../../../scripts/phone-metadata.ts";
import { countryCallingCode, normalizeNanp } from "../../../src/domain/phone.ts";
import { COUNTRY_CALLING_CODES } from "../../../src/domain/phone-metadata.ts";

describe("src/domain/phone-metadata.ts", () => {
  it("is the slice of the installed libphonenumber-js metadata (run scripts/phone-metadata.ts if not)", () => {
    expect(COUNTRY_CALLING_CODES).toBe(countryCallingCodes(minMetadata).join(" "));
  });

  it("keeps the bundles small: the codes alone, not the ~80 kB of every country's plan", () => {
    expect(phoneMetadataText().length).toBeLessThan(1_500);
  });

  it("lists every country's calling code and the non-geographic ones", () => {
    const codes = COUNTRY_CALLING_CODES.split(" ");
    expect(codes).toEqual(expect.arrayContaining(["1", "7", "44", "52", "380", "800", "882"]));
    expect(codes).not.toContain("999");
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("countryCallingCode", () => {
  it.each([
    ["442079460958", "44"],
    ["16175550123", "1"],
    ["74951234567", "7"],
    ["380441234567", "380"],
    ["35212345", "352"],
    ["80012345678", "800"],
    ["44", "44"],
    ["9991234", undefined],
    ["3", undefined],
    ["", undefined],
  ])("%j → %j", (digits, code) => {
    expect(countryCallingCode(digits)).toBe(code);
  });

  it("names the same code as libphonenumber-js with every country's metadata", () => {
    let compared = 0;
    for (let code = 1; code < 1000; code++) {
      const digits = `${code}2345678`;
      const reference = parseWithAllCountries(`+${digits}`)?.countryCallingCode;
      if (reference === undefined) continue;
      expect(countryCallingCode(digits)).toBe(reference);
      compared++;
    }
    // Every calling code the world has (about 200 of the 999 tried), not a handful.
    expect(compared).toBeGreaterThan(150);
  });
});

describe("normalizeNanp with the +1 metadata only", () => {
  const numbers = [
    "617-555-0123",
    "(617) 555-0123",
    "6175550123",
    "1-617-555-0123",
    "+1 617 555 0123",
    "+16175550123",
    "9-617-555-0123",
    "+1 876 555 0123",
    "416.555.0123",
  ];
  const extensions = [
    " x12",
    "x12",
    " X 12",
    " ext. 5",
    " ext 5",
    " Ext: 9",
    " extn 5",
    " extension 1234",
    " #5",
    "#5",
    ";ext=7",
    ",,5",
    " - 503#",
    " anexo 3",
    " доб 4",
    " ｘ12",
    " ;",
    " x",
    "",
  ];

  it("finds an extension exactly where libphonenumber-js with every country's metadata does", () => {
    for (const number of numbers) {
      for (const extension of extensions) {
        const text = `${number}${extension}`;
        const reference = parseWithAllCountries(text, "US")?.ext;
        const result = normalizeNanp(text);
        expect({ text, kind: result.ok ? "ok" : result.kind }).toEqual({
          text,
          kind: reference ? "extension" : expect.not.stringMatching(/^extension$/),
        });
        if (reference && !result.ok) expect(result.error).toContain(`(${reference})`);
      }
    }
  });

  it("says a number of another country is not +1, with or without an extension", () => {
    for (const text of [
      "+44 20 7946 0958 x12",
      "+44 20 7946 0958 ext. 5",
      "011 44 20 7946 0958 ext. 5",
      "+44",
    ]) {
      expect(normalizeNanp(text)).toMatchObject({ kind: "not_nanp", error: expect.stringContaining("+44") });
    }
    expect(normalizeNanp("+800 1234 5678")).toMatchObject({ error: expect.stringContaining("+800") });
    expect(normalizeNanp("+380 44 123 4567")).toMatchObject({ error: expect.stringContaining("+380") });
    expect(normalizeNanp("+7 495 123 4567")).toMatchObject({ error: expect.stringContaining("+7 ") });
  });
});

describe("vanity letters", () => {
  it.each([
    ["800-ADG-JMPT", "1-800-234-5678"],
    ["800-BEH-KNQU", "1-800-234-5678"],
    ["800-CFI-LORV", "1-800-234-5678"],
    ["800-SWX-YZ00", "1-800-799-9900"],
    ["800-adg-jmpt", "1-800-234-5678"],
  ])("%j → %j (every letter on its E.161 key)", (text, display) => {
    expect(normalizeNanp(text)).toMatchObject({ ok: true, display });
  });
});
