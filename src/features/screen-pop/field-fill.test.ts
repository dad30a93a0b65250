import { describe, expect, it } from "vitest";
import { fieldsToFill } from "./field-fill.ts";

describe("fieldsToFill", () => {
  it("fills mapped attributes in fieldMap order, numbers as text, skipping missing or blank ones", () => {
    const fieldMap = {
      "#zip": "zip",
      "#name": "name",
      "#missing": "nope",
      "#blank": "blank",
      "#qty": "qty",
      "#obj": "obj",
    };
    const attrs = { name: "  Ada  ", zip: 2139, blank: " ", qty: 1.5, obj: { a: 1 } };
    expect(fieldsToFill(fieldMap, attrs)).toEqual([
      { selector: "#zip", value: "2139" },
      { selector: "#name", value: "Ada" },
      { selector: "#qty", value: "1.5" },
    ]);
  });

  it("fills nothing from an empty map", () => {
    expect(fieldsToFill({}, { name: "Ada" })).toEqual([]);
  });
});
