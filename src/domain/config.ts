// The extension's configuration (CONTRACT §1): managed policy wins over the options page, a
// missing or invalid value falls back to the default, and in the production build the options page
// never sets the keys that decide where the Flex token and client data go — each reported, never a
// crash. Each key's default, check and who sets it are declared in config-spec.ts.
import { CONFIG_SPEC, type PolicyOnlyKey } from "./config-spec.ts";

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
 * and only to this machine; the admin keys from the options page only in the sandbox build. A
 * parameter, so the domain stays free of build flags.
 */
export type ConfigRules = {
  allowLoopbackHttp: boolean;
  /**
   * The sandbox build (npm start, QA): the agent's options may set ADMIN_KEYS, so QA can point it
   * at its own pages without policy. Absent means the production rule: only policy sets them.
   */
  agentSetsAdminKeys?: boolean;
};

export type ConfigKey = keyof HunkBridgeConfig;
export type ConfigSource = "policy" | "options" | "default";
/**
 * A value that is not used: invalid (falls back to the default), or, with `ignored`, a value saved
 * on the options page for a key only the admin may set (policy or the build's default is used).
 */
export type ConfigProblem = {
  key: ConfigKey;
  source: "policy" | "options";
  message: string;
  ignored?: true;
};
export type ResolvedConfig = {
  config: HunkBridgeConfig;
  sources: Record<ConfigKey, ConfigSource>;
  problems: ConfigProblem[];
};

export const CONFIG_KEYS = Object.keys(CONFIG_SPEC) as ConfigKey[];

/**
 * The keys that decide where the Flex token and client data go (the token service, Flex's and
 * Hunkware's origins, the fields filled with task attributes, the transfer queue): in the
 * production build only policy or the build's default sets them.
 */
export const ADMIN_KEYS: readonly ConfigKey[] = CONFIG_KEYS.filter(
  (key) => CONFIG_SPEC[key].setBy === "admin",
);

/** The policy key that lets agents set ADMIN_KEYS; read from policy only, never from the options page. */
export const ALLOW_AGENT_ENDPOINTS: PolicyOnlyKey = "allowAgentEndpoints";

/**
 * Who, besides policy, may set ADMIN_KEYS: nobody ("admin-only", the production build), the agent
 * in the sandbox build, or the agent because policy sets allowAgentEndpoints to true.
 */
export type AdminKeyAccess = "admin-only" | "sandbox" | "allowed-by-policy";

/** What resolvePolicyAndOptions found, and who besides policy may set ADMIN_KEYS. */
export type ResolvedSettings = ResolvedConfig & { adminKeys: AdminKeyAccess };

export function adminKeyAccess(managed: unknown, rules: ConfigRules): AdminKeyAccess {
  if (rules.agentSetsAdminKeys === true) return "sandbox";
  // Only the JSON boolean: Chrome drops a wrong-typed policy value anyway, and "true" as text must
  // not open what the admin meant to keep closed.
  return asRecord(managed)[ALLOW_AGENT_ENDPOINTS] === true ? "allowed-by-policy" : "admin-only";
}

/** May the options page set `key`, policy aside? Every key but ADMIN_KEYS; those only where access allows. */
export function agentMaySet(key: ConfigKey, access: AdminKeyAccess): boolean {
  return access !== "admin-only" || !ADMIN_KEYS.includes(key);
}

// Frozen all the way down (a default is at most a flat list or map): resolveConfig hands out
// copies, so no caller can change the defaults.
export const CONFIG_DEFAULTS = Object.freeze(
  Object.fromEntries(CONFIG_KEYS.map((key) => [key, Object.freeze(CONFIG_SPEC[key].default)])),
) as Readonly<HunkBridgeConfig>;

/** `agentMay`: the options layer's filter; a set value of a key it refuses is reported as ignored. */
type Layer = {
  source: "policy" | "options";
  values: Record<string, unknown>;
  agentMay?: (key: ConfigKey) => boolean;
};

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
  for (const { source, values, agentMay } of layers) {
    const raw = Object.hasOwn(values, key) ? values[key] : undefined;
    if (isUnset(raw)) continue;
    if (agentMay && !agentMay(key)) {
      // Not checked, not used: whoever wrote it (the agent, or anything else that can write the
      // extension's storage) must not choose where the Flex token or client data go.
      resolved.problems.push({
        key,
        source,
        message: `${key} is set only by your administrator's policy; the value saved on the options page is ignored.`,
        ignored: true,
      });
      continue;
    }
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

function emptyResolved(): ResolvedConfig {
  return {
    config: structuredClone({ ...CONFIG_DEFAULTS }),
    sources: Object.fromEntries(CONFIG_KEYS.map((key) => [key, "default"])) as Record<
      ConfigKey,
      ConfigSource
    >,
    problems: [],
  };
}

/**
 * Merges two layers over the defaults, `managed` over `options`, each trusted for every key. Both
 * are checked by the same `rules`. For a configuration already resolved once (the snapshot kept for
 * the next browser start); what the options page stored goes through resolvePolicyAndOptions.
 */
export function resolveConfig(managed: unknown, options: unknown, rules: ConfigRules): ResolvedConfig {
  const resolved = emptyResolved();
  const layers: Layer[] = [
    { source: "policy", values: asRecord(managed) },
    { source: "options", values: asRecord(options) },
  ];
  for (const key of CONFIG_KEYS) resolveKey(key, layers, rules, resolved);
  return resolved;
}

/**
 * The configuration from `chrome.storage.managed` (policy) and the options page's stored values,
 * over the defaults (CONTRACT §1). Both inputs are untrusted; keys that aren't in the contract are
 * ignored, and so is a stored value of an ADMIN_KEYS key unless the build or policy lets the agent
 * set it (reported, never used). Both layers are checked by the same `rules`, so the options page
 * can't save what the service worker would refuse.
 */
export function resolvePolicyAndOptions(
  managed: unknown,
  options: unknown,
  rules: ConfigRules,
): ResolvedSettings {
  const adminKeys = adminKeyAccess(managed, rules);
  const resolved = emptyResolved();
  const layers: Layer[] = [
    { source: "policy", values: asRecord(managed) },
    { source: "options", values: asRecord(options), agentMay: (key) => agentMaySet(key, adminKeys) },
  ];
  for (const key of CONFIG_KEYS) resolveKey(key, layers, rules, resolved);
  return { ...resolved, adminKeys };
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
