/**
 * Turns the agent's edits into the object stored under storage.local "options", checked with
 * resolvePolicyAndOptions against the same policy and with the same rules as the service worker.
 * Nothing invalid is ever saved, and nothing the agent may not set.
 */
import {
  agentMaySet,
  CONFIG_DEFAULTS,
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigRules,
  type ResolvedSettings,
  resolvePolicyAndOptions,
} from "../src/domain/config.ts";
import { fromText } from "./fields.ts";

export type Edits = Partial<Record<ConfigKey, string>>;

export type DraftResult =
  | { ok: true; options: Record<string, unknown>; resolved: ResolvedSettings }
  | { ok: false; errors: Partial<Record<ConfigKey, string>> };

/** A key the agent may not edit: policy sets it, validly or not (an invalid policy value still locks). */
export function isLocked(resolved: ResolvedSettings, key: ConfigKey): boolean {
  return (
    resolved.sources[key] === "policy" ||
    resolved.problems.some((p) => p.key === key && p.source === "policy")
  );
}

/** A key only the admin sets in this build (policy or the build's default), whatever policy sets now. */
export function isAdminOnly(resolved: ResolvedSettings, key: ConfigKey): boolean {
  return !agentMaySet(key, resolved.adminKeys);
}

/** The agent may change it here: neither locked by policy nor the admin's alone. */
export function isEditable(resolved: ResolvedSettings, key: ConfigKey): boolean {
  return !isLocked(resolved, key) && !isAdminOnly(resolved, key);
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
  current: ResolvedSettings,
  edits: Edits,
  rules: ConfigRules,
): DraftResult {
  // Keys locked by policy keep their stored option: it comes back if the admin lifts the policy.
  // So does an ignored value of an admin key: it is used only if policy sets allowAgentEndpoints.
  const options = contractKeysOf(stored);
  const errors: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const text = edits[key];
    if (!isEditable(current, key)) continue;
    if (text === undefined) {
      // The page shows the default in place of an invalid stored value; saving writes what it shows.
      if (current.problems.some((p) => p.key === key && p.source === "options" && !p.ignored))
        delete options[key];
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
  const resolved = resolvePolicyAndOptions(managed, options, rules);
  for (const problem of resolved.problems) {
    if (problem.source === "options" && !problem.ignored && errors[problem.key] === undefined)
      errors[problem.key] = problem.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options, resolved };
}
