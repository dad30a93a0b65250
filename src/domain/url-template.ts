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

export type ExpandedPath = { ok: true; path: string } | { ok: false; missing: string[] };

/** Fills placeholders from `extra` first, then from attribute text; values are URL-encoded. */
export function expandPathTemplate(
  template: string,
  attrs: TaskAttributes,
  extra: Record<string, string> = {},
): ExpandedPath {
  const missing: string[] = [];
  const path = template.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = Object.hasOwn(extra, name) ? extra[name] : attributeText(attrs, name);
    if (value === undefined || value === null || value === "") {
      if (!missing.includes(name)) missing.push(name);
      return "";
    }
    return encodeURIComponent(value);
  });
  return missing.length === 0 ? { ok: true, path } : { ok: false, missing };
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
    const phoneNote = expanded.missing.includes("phone10")
      ? ` (no valid NANP number in ${phoneSources.map((name) => `"${name}"`).join(" or ")})`
      : "";
    return {
      ok: false,
      reason: `The task has no value for ${expanded.missing.map((name) => `{${name}}`).join(", ")}${phoneNote}, which the Hunkware ${inbound ? "callerSearchPath" : "leadPath"} needs.`,
    };
  }
  return { ok: true, url: joinUrl(config.hunkwareUrl, expanded.path) };
}
