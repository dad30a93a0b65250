/**
 * Turns the agent's edits into the object stored under storage.local "options", checked with
 * resolveConfig against the same policy and with the same rules as the service worker. Nothing
 * invalid is ever saved.
 */
import {
  CONFIG_DEFAULTS,
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigRules,
  type ResolvedConfig,
  resolveConfig,
} from "../src/domain/config.ts";
import { fromText } from "./fields.ts";

export type Edits = Partial<Record<ConfigKey, string>>;

export type DraftResult =
  | { ok: true; options: Record<string, unknown>; resolved: ResolvedConfig }
  | { ok: false; errors: Partial<Record<ConfigKey, string>> };

/** A key the agent may not edit: policy sets it, validly or not (an invalid policy value still locks). */
export function isLocked(resolved: ResolvedConfig, key: ConfigKey): boolean {
  return (
    resolved.sources[key] === "policy" ||
    resolved.problems.some((p) => p.key === key && p.source === "policy")
  );
}

function contractKeysOf(stored: unknown): Record<string, unknown> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(
    Object.entries(stored).filter(([key]) => (CONFIG_KEYS as string[]).includes(key)),
  );
}

export function applyEdits(
  managed: Record<string, unknown>,
  stored: unknown,
  current: ResolvedConfig,
  edits: Edits,
  rules: ConfigRules,
): DraftResult {
  // Keys locked by policy keep their stored option: it comes back if the admin lifts the policy.
  const options = contractKeysOf(stored);
  const errors: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const text = edits[key];
    if (isLocked(current, key)) continue;
    if (text === undefined) {
      // The page shows the default in place of an invalid stored value; saving writes what it shows.
      if (current.problems.some((p) => p.key === key && p.source === "options")) delete options[key];
      continue;
    }
    const parsed = fromText(key, text);
    if (!parsed.ok) {
      errors[key] = parsed.message;
      continue;
    }
    // The default typed back in is no choice at all: store nothing, so the source reads "default".
    if (parsed.value === undefined || JSON.stringify(parsed.value) === JSON.stringify(CONFIG_DEFAULTS[key])) {
      delete options[key];
    } else options[key] = parsed.value;
  }
  const resolved = resolveConfig(managed, options, rules);
  for (const problem of resolved.problems) {
    if (problem.source === "options" && errors[problem.key] === undefined)
      errors[problem.key] = problem.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options, resolved };
}
