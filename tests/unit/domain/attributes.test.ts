import { describe, expect, it } from "vitest";
import { attributeText, MAX_ATTRIBUTE_TEXT, parseTaskAttributes } from "../../../src/domain/attributes.ts";

describe("parseTaskAttributes", () => {
  it("parses the JSON string from the wire", () => {
    expect(parseTaskAttributes('{"lead_id":"L-1001","name":"Ada"}')).toEqual({
      attributes: { lead_id: "L-1001", name: "Ada" },
      error: null,
    });
  });

  it("takes the SDK's parsed object as a detached copy", () => {
    const raw = { lead_id: "L-1", nested: { a: 1 } };
    const { attributes, error } = parseTaskAttributes(raw);
    expect(error).toBeNull();
    expect(attributes).toEqual(raw);
    expect(attributes).not.toBe(raw);
    expect(attributes.nested).not.toBe(raw.nested);
  });

  it("drops what JSON can't store, so the result fits in chrome.storage.session", () => {
    const { attributes } = parseTaskAttributes({
      name: "Ada",
      at: new Date(0),
      fn: () => 1,
      skip: undefined,
    });
    expect(attributes).toEqual({ name: "Ada", at: "1970-01-01T00:00:00.000Z" });
  });

  it.each([
    ["not JSON", "lead_id=L-1", /not valid JSON/],
    ["truncated JSON", '{"lead_id":"L-1"', /not valid JSON/],
    ["empty string", "", /not valid JSON/],
    ["a JSON array", "[1,2]", /JSON object but are an array/],
    ["a JSON string", '"hello"', /JSON object but are a string/],
    ["JSON null", "null", /JSON object but are null/],
    ["a number", 42, /should be an object but are a number/],
    ["an array", [{ lead_id: "L-1" }], /should be an object but are an array/],
    ["undefined", undefined, /no attributes/],
    ["null", null, /no attributes/],
  ])("%s → empty attributes and a clear error", (_label, raw, message) => {
    const result = parseTaskAttributes(raw);
    expect(result.attributes).toEqual({});
    expect(result.error).toMatch(message);
  });

  it("never throws, even on objects JSON can't represent", () => {
    const cyclic: Record<string, unknown> = { name: "Ada" };
    cyclic.self = cyclic;
    expect(parseTaskAttributes(cyclic)).toEqual({
      attributes: {},
      error: expect.stringMatching(/can't be read/),
    });
    expect(parseTaskAttributes({ big: 1n }).error).toMatch(/can't be read/);
  });
});

describe("attributeText", () => {
  // Written as JSON text because an object literal's __proto__ would set the prototype instead.
  const attrs = parseTaskAttributes(`{
    "name": "  Ada Lovelace  ", "zip": 2139, "blank": "   ", "flag": true, "list": ["a"],
    "obj": {"a": 1}, "nothing": null, "html": "<img src=x onerror=alert(1)>", "__proto__": "own"
  }`).attributes;

  it.each([
    ["name", "Ada Lovelace"],
    ["zip", "2139"],
    ["blank", null],
    ["flag", null],
    ["list", null],
    ["obj", null],
    ["nothing", null],
    ["missing", null],
    ["constructor", null], // inherited, not an attribute
    ["toString", null],
    ["html", "<img src=x onerror=alert(1)>"], // kept as text: views render with textContent
    ["__proto__", "own"], // an own key from JSON is just a key
  ])("%s → %j", (name, expected) => {
    expect(attributeText(attrs, name)).toBe(expected);
  });

  it("shows non-finite numbers as missing", () => {
    expect(attributeText({ n: Number.NaN, i: Number.POSITIVE_INFINITY }, "n")).toBeNull();
    expect(attributeText({ i: Number.POSITIVE_INFINITY }, "i")).toBeNull();
  });

  it("caps a 10 kB string with an ellipsis", () => {
    const text = attributeText({ name: "x".repeat(10_000) }, "name") ?? "";
    expect(text).toHaveLength(MAX_ATTRIBUTE_TEXT);
    expect(text.endsWith("…")).toBe(true);
  });

  it("leaves a string of exactly the limit alone", () => {
    const name = "y".repeat(MAX_ATTRIBUTE_TEXT);
    expect(attributeText({ name }, "name")).toBe(name);
  });

  it("never cuts an emoji in half", () => {
    const text = attributeText({ name: "😀".repeat(600) }, "name") ?? "";
    expect(Array.from(text)).toHaveLength(MAX_ATTRIBUTE_TEXT);
    expect(text).toBe(`${"😀".repeat(MAX_ATTRIBUTE_TEXT - 1)}…`);
  });
});
