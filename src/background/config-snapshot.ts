/**
 * The configuration last in use, kept in storage.local so that a browser start does not wait for
 * Chrome's policy: `storage.managed.get()` answers only once Chrome has loaded the machine's policy,
 * seconds after the service worker starts (measured ~3.7 s, bench/startup.ts), while the agent's
 * restored Flex tab already has its token. The worker starts with this snapshot and applies the
 * real configuration the moment it arrives; a policy changed while the browser was closed is in
 * force a few seconds later, as it would be on any policy change.
 *
 * Only configuration is kept (no client data). A snapshot is read with the same checks as any
 * configuration: one that fails them, or is missing a key, is not used.
 */
import * as v from "valibot";
import { CONFIG_KEYS, resolveConfig } from "../domain/config.ts";
import { CONFIG_RULES } from "../platform/config-source.ts";
import { PlainObject } from "./persisted.ts";

/** As kept (stores.ts `configSnapshot`): every key, null for "not set" as the configuration has it. */
export const ConfigSnapshot = v.pipe(
  PlainObject,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const stored = dataset.value;
    const resolved = resolveConfig(undefined, stored, CONFIG_RULES);
    const missing = CONFIG_KEYS.filter((key) => !(key in stored));
    const invalid = resolved.problems.map((problem) => problem.key);
    if (missing.length === 0 && invalid.length === 0) return resolved.config;
    addIssue({
      message: `expected a configuration (${[...missing.map((key) => `${key} missing`), ...invalid.map((key) => `${key} invalid`)].join(", ")})`,
    });
    return NEVER;
  }),
);
