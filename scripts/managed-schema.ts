/**
 * `npm run schema`: writes public/managed_schema.json, the schema Chrome checks an admin's policy
 * against, from CONFIG_SPEC. Vite copies public/ into the build as it is, so the output is
 * committed, and a unit test (tests/unit/domain/config-spec.test.ts) fails when it is stale.
 */
import { writeFileSync } from "node:fs";
import { CONFIG_KEYS } from "../src/domain/config.ts";
import { CONFIG_SPEC } from "../src/domain/config-spec.ts";

export const MANAGED_SCHEMA_FILE = new URL("../public/managed_schema.json", import.meta.url);

/** The default in the form an admin writes it in policy JSON. */
function defaultSentence(value: unknown): string {
  return value === null ? "No default." : `Default: ${JSON.stringify(value)}.`;
}

export function managedSchemaText(): string {
  const properties = Object.fromEntries(
    CONFIG_KEYS.map((key) => {
      const spec = CONFIG_SPEC[key];
      const description = `${spec.description} ${defaultSentence(spec.default)}`;
      return [key, { title: spec.label, description, ...spec.schema }];
    }),
  );
  return `${JSON.stringify({ type: "object", properties }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(MANAGED_SCHEMA_FILE, managedSchemaText());
