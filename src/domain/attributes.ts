// Task attributes are set by the Twilio workflow and are untrusted text (CONTRACT §2). The SDK hands
// them over either as the JSON string from the wire or as an object it already parsed.

export type TaskAttributes = Record<string, unknown>;

export type ParsedAttributes = { attributes: TaskAttributes; error: string | null };

/** Longest attribute text shown anywhere, so a 10 kB "name" can't wreck a layout. */
export const MAX_ATTRIBUTE_TEXT = 500;

function isPlainObject(value: unknown): value is TaskAttributes {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function fromJson(json: string, failure: (reason: string) => string): ParsedAttributes {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { attributes: {}, error: failure(error instanceof Error ? error.message : String(error)) };
  }
  if (!isPlainObject(value)) {
    return {
      attributes: {},
      error: `Task attributes should be a JSON object but are ${describeJsonType(value)}.`,
    };
  }
  return { attributes: value, error: null };
}

/** Never throws: anything unusable becomes empty attributes plus a message saying why. */
export function parseTaskAttributes(raw: unknown): ParsedAttributes {
  if (raw === undefined || raw === null) return { attributes: {}, error: "The task has no attributes." };
  if (typeof raw === "string") {
    return fromJson(raw, (reason) => `Task attributes are not valid JSON (${reason}).`);
  }
  if (!isPlainObject(raw)) {
    return { attributes: {}, error: `Task attributes should be an object but are ${describeJsonType(raw)}.` };
  }
  // An object from the SDK is round-tripped through JSON as well: the result is detached from the
  // SDK's object and certainly JSON-serialisable, because it ends up in chrome.storage.session.
  let json: string;
  try {
    json = JSON.stringify(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { attributes: {}, error: `Task attributes can't be read (${reason}).` };
  }
  return fromJson(json, (reason) => `Task attributes can't be read (${reason}).`);
}

function capped(text: string): string {
  // Count code points, not UTF-16 units, so an emoji is never cut in half.
  const chars = Array.from(text);
  return chars.length <= MAX_ATTRIBUTE_TEXT ? text : `${chars.slice(0, MAX_ATTRIBUTE_TEXT - 1).join("")}…`;
}

/**
 * An attribute as display text: strings trimmed, numbers as written; anything else, blank or missing
 * is null (the view shows "—"). Only own properties count, so "constructor" or "__proto__" never
 * resolve to something inherited.
 */
export function attributeText(attrs: TaskAttributes, name: string): string | null {
  if (!Object.hasOwn(attrs, name)) return null;
  const value = attrs[name];
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  return text === "" ? null : capped(text);
}
