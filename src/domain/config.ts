// The extension's configuration (CONTRACT §1): managed policy wins over the options page, and a
// missing or invalid value falls back to the default — reported, never a crash. Each key's default
// and check are declared in config-spec.ts.
import { CONFIG_SPEC } from "./config-spec.ts";

export type HunkBridgeConfig = {
  flexOrigins: string[];
  hunkwareUrl: string;
  leadPath: string;
  callerSearchPath: string;
  tokenUrl: string | null;
  acceptWindowSeconds: number;
  reviewSeconds: number;
  outboundCallerId: string;
  customerServiceTarget: string | null;
  fieldMap: Record<string, string>;
  callbackMemoryDays: number;
  prefetchOnOffer: boolean;
};

/**
 * What this build lets the configuration use (CONTRACT §1): plain http only in the sandbox build,
 * and only to this machine. A parameter, so the domain stays free of build flags.
 */
export type ConfigRules = { allowLoopbackHttp: boolean };

export type ConfigKey = keyof HunkBridgeConfig;
export type ConfigSource = "policy" | "options" | "default";
export type ConfigProblem = { key: ConfigKey; source: "policy" | "options"; message: string };
export type ResolvedConfig = {
  config: HunkBridgeConfig;
  sources: Record<ConfigKey, ConfigSource>;
  problems: ConfigProblem[];
};

export const CONFIG_KEYS = Object.keys(CONFIG_SPEC) as ConfigKey[];

// Frozen all the way down (a default is at most a flat list or map): resolveConfig hands out
// copies, so no caller can change the defaults.
export const CONFIG_DEFAULTS = Object.freeze(
  Object.fromEntries(CONFIG_KEYS.map((key) => [key, Object.freeze(CONFIG_SPEC[key].default)])),
) as Readonly<HunkBridgeConfig>;

type Layer = { source: "policy" | "options"; values: Record<string, unknown> };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Absent, null or blank text: the layer doesn't set this key (an options page may save "" for a cleared field). */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function resolveKey<K extends ConfigKey>(
  key: K,
  layers: Layer[],
  rules: ConfigRules,
  resolved: ResolvedConfig,
): void {
  for (const { source, values } of layers) {
    const raw = Object.hasOwn(values, key) ? values[key] : undefined;
    if (isUnset(raw)) continue;
    const checked = CONFIG_SPEC[key].validate(raw, rules);
    if (checked.ok) {
      resolved.config[key] = checked.value;
      resolved.sources[key] = source;
    } else {
      // An invalid policy value falls back to the default, not to the options page: the admin meant
      // to lock this key, and an agent-editable value must not quietly take its place.
      resolved.problems.push({ key, source, message: checked.message });
    }
    return;
  }
}

/**
 * Merges `chrome.storage.managed` (policy) and the options page's stored values over the defaults.
 * Both inputs are untrusted; keys that aren't in the contract are ignored. Both layers are checked
 * by the same `rules`, so the options page can't save what the service worker would refuse.
 */
export function resolveConfig(managed: unknown, options: unknown, rules: ConfigRules): ResolvedConfig {
  const resolved: ResolvedConfig = {
    config: structuredClone({ ...CONFIG_DEFAULTS }),
    sources: Object.fromEntries(CONFIG_KEYS.map((key) => [key, "default"])) as Record<
      ConfigKey,
      ConfigSource
    >,
    problems: [],
  };
  const layers: Layer[] = [
    { source: "policy", values: asRecord(managed) },
    { source: "options", values: asRecord(options) },
  ];
  for (const key of CONFIG_KEYS) resolveKey(key, layers, rules, resolved);
  return resolved;
}

/** The match pattern for a configured origin, e.g. "http://127.0.0.1:5173" → "http://127.0.0.1:5173/*". Throws on a non-URL. */
export function originMatchPattern(origin: string): string {
  return `${new URL(origin).origin}/*`;
}

/** True when `url` is on Hunkware's origin and at or below its base path; false for anything unparsable. */
export function isUnderHunkware(url: string, hunkwareUrl: string): boolean {
  let page: URL;
  let base: URL;
  try {
    page = new URL(url);
    base = new URL(hunkwareUrl);
  } catch {
    return false;
  }
  const basePath = base.pathname.replace(/\/+$/, "");
  return (
    page.origin !== "null" &&
    page.origin === base.origin &&
    (page.pathname === basePath || page.pathname.startsWith(`${basePath}/`))
  );
}
