// Hunkware screen-pop URLs: the configured base URL plus a path template (CONTRACT §1), whose
// {name} placeholders are task attributes and whose {phone10} is the caller's 10 digits.
import { attributeText, type TaskAttributes } from "./attributes.ts";
import type { HunkBridgeConfig } from "./config.ts";
import type { TaskOrigin } from "./origin.ts";
import { normalizeNanp } from "./phone.ts";

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/**
 * The placeholder names of a template, in order and without repeats; null when it has braces that
 * aren't a well-formed placeholder ("{", "{}", "{two words}"), which config validation reports.
 */
export function templatePlaceholders(template: string): string[] | null {
  if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) return null;
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (match) => match[1] ?? ""))];
}

export type ExpandedPath =
  | { ok: true; path: string }
  | { ok: false; missing: string[]; dotSegments: string[] };

/** ASCII percent-escapes ("%2e", "%2F", "%25"…) decoded; the rest, malformed ones included, kept. */
function decodeAscii(text: string): string {
  return text.replace(/%([0-7][0-9a-f])/gi, (_escape, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * True when the value is, or holds, a "." or ".." path step. encodeURIComponent leaves dots alone,
 * so the browser itself would resolve "/leads/.." to "/"; a value that only becomes a step once a
 * server decodes it ("%2e%2e", "..%2f..", "%252e%252e" decoded twice) is refused as well, since
 * what Hunkware's server decodes is unknown. "..." and "a.b" are names, not steps.
 */
function hasDotSegment(value: string): boolean {
  // Decoded until nothing changes: each change shortens the text, so this ends.
  let decoded = value;
  let next = decodeAscii(value);
  while (next !== decoded) {
    decoded = next;
    next = decodeAscii(decoded);
  }
  return decoded.split(/[/\\]/).some((part) => part === "." || part === "..");
}

/**
 * Fills placeholders from `extra` first, then from attribute text; values are URL-encoded. Fails
 * for a value that is missing or is a path step, which would open another page than the task's.
 */
export function expandPathTemplate(
  template: string,
  attrs: TaskAttributes,
  extra: Record<string, string> = {},
): ExpandedPath {
  const missing: string[] = [];
  const dotSegments: string[] = [];
  const refuse = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
    return "";
  };
  const path = template.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = Object.hasOwn(extra, name) ? extra[name] : attributeText(attrs, name);
    if (value === undefined || value === null || value === "") return refuse(missing, name);
    if (hasDotSegment(value)) return refuse(dotSegments, name);
    return encodeURIComponent(value);
  });
  return missing.length === 0 && dotSegments.length === 0
    ? { ok: true, path }
    : { ok: false, missing, dotSegments };
}

export type ScreenPopUrl = { ok: true; url: string } | { ok: false; reason: string };

type ScreenPopConfig = Pick<HunkBridgeConfig, "hunkwareUrl" | "leadPath" | "callerSearchPath">;

/** The first of the named attributes that is a valid NANP number, as 10 digits. */
function phone10From(attrs: TaskAttributes, names: string[]): string | null {
  for (const name of names) {
    const raw = attributeText(attrs, name);
    const phone = raw === null ? null : normalizeNanp(raw);
    if (phone?.ok) return phone.digits10;
  }
  return null;
}

/** Base URL and path joined with exactly one slash; the base may have a path of its own. */
function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * What the screen-pop opens in Hunkware: the lead page for a weblead (or an unknown task that has a
 * lead_id), the caller search for an inbound callback.
 */
export function buildScreenPopUrl(
  config: ScreenPopConfig,
  origin: TaskOrigin,
  attrs: TaskAttributes,
): ScreenPopUrl {
  const inbound = origin === "inbound";
  if (origin === "unknown" && attributeText(attrs, "lead_id") === null) {
    return {
      ok: false,
      reason: "The task's origin is unknown and it has no lead_id, so there is no lead to open.",
    };
  }
  const template = inbound ? config.callerSearchPath : config.leadPath;
  // Inbound: Flex's `from`, else `caller`. Weblead: the lead's `phone`, for a leadPath that wants it.
  const phoneSources = inbound ? ["from", "caller"] : ["phone"];
  const phone10 = phone10From(attrs, phoneSources);
  const expanded = expandPathTemplate(template, attrs, phone10 === null ? {} : { phone10 });
  if (!expanded.ok) {
    const pathKey = inbound ? "callerSearchPath" : "leadPath";
    const names = (list: string[]) => list.map((name) => `{${name}}`).join(", ");
    const reasons: string[] = [];
    if (expanded.missing.length > 0) {
      const phoneNote = expanded.missing.includes("phone10")
        ? ` (no valid NANP number in ${phoneSources.map((name) => `"${name}"`).join(" or ")})`
        : "";
      reasons.push(
        `The task has no value for ${names(expanded.missing)}${phoneNote}, which the Hunkware ${pathKey} needs.`,
      );
    }
    if (expanded.dotSegments.length > 0) {
      reasons.push(
        `The task has a "." or ".." path step (perhaps percent-encoded) in ${names(expanded.dotSegments)}, which would take the Hunkware ${pathKey} to another page, so it is not used.`,
      );
    }
    return { ok: false, reason: reasons.join(" ") };
  }
  return { ok: true, url: joinUrl(config.hunkwareUrl, expanded.path) };
}
