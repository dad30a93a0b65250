// Hunkware screen-pop URLs: the configured base URL plus a path template (CONTRACT §1), whose
// {name} placeholders are task attributes and whose {phone10} is the caller's 10 digits.
import { attributeText, type TaskAttributes } from "./attributes.ts";
import { clientPhone10, phoneAttributes } from "./client-phone.ts";
import type { HunkBridgeConfig } from "./config.ts";
import type { TaskOrigin } from "./origin.ts";

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

/** Base URL and path joined with exactly one slash; the base may have a path of its own. */
function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * What the screen-pop opens in Hunkware: the lead page for a weblead (or an unknown task that has a
 * lead_id), the caller search for an inbound callback, or, for a callback from a number this
 * browser called for a lead (`linkedLeadId`, src/features/callback-memory/), that lead's page.
 */
export function buildScreenPopUrl(
  config: ScreenPopConfig,
  origin: TaskOrigin,
  attrs: TaskAttributes,
  linkedLeadId: string | null = null,
): ScreenPopUrl {
  if (origin === "inbound" && linkedLeadId !== null) {
    const lead = expandFor(config, "leadPath", attrs, origin, { lead_id: linkedLeadId });
    // A leadPath that wants more than the callback has: the caller search, as with no link.
    if (lead.ok) return lead;
  }
  if (origin === "unknown" && attributeText(attrs, "lead_id") === null) {
    return {
      ok: false,
      reason: "The task's origin is unknown and it has no lead_id, so there is no lead to open.",
    };
  }
  return expandFor(config, origin === "inbound" ? "callerSearchPath" : "leadPath", attrs, origin);
}

function expandFor(
  config: ScreenPopConfig,
  pathKey: "leadPath" | "callerSearchPath",
  attrs: TaskAttributes,
  origin: TaskOrigin,
  extra: Record<string, string> = {},
): ScreenPopUrl {
  // {phone10}: the client's number as the origin has it (client-phone.ts).
  const phone10 = clientPhone10(attrs, origin);
  const expanded = expandPathTemplate(config[pathKey], attrs, {
    ...(phone10 === null ? {} : { phone10 }),
    ...extra,
  });
  if (!expanded.ok) {
    const names = (list: string[]) => list.map((name) => `{${name}}`).join(", ");
    const reasons: string[] = [];
    if (expanded.missing.length > 0) {
      const phoneNote = expanded.missing.includes("phone10")
        ? ` (no valid NANP number in ${phoneAttributes(origin)
            .map((name) => `"${name}"`)
            .join(" or ")})`
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
