/**
 * `npm run schema`: writes public/managed_schema.json, the schema Chrome checks an admin's policy
 * against, from CONFIG_SPEC. Vite copies public/ into the build as it is, so the output is
 * committed, and a unit test (tests/unit/domain/config-spec.test.ts) fails when it is stale.
 */
import { writeFileSync } from "node:fs";
import { ALLOW_AGENT_ENDPOINTS, CONFIG_KEYS } from "../src/domain/config.ts";
import { CONFIG_SPEC, POLICY_ONLY_SPEC } from "../src/domain/config-spec.ts";

export const MANAGED_SCHEMA_FILE = new URL("../public/managed_schema.json", import.meta.url);

/** The default in the form an admin writes it in policy JSON. */
function defaultSentence(value: unknown): string {
  return value === null ? "No default." : `Default: ${JSON.stringify(value)}.`;
}

/** Said of every admin key, so an admin reading the schema knows the options page won't fill it in. */
const ADMIN_SENTENCE = `Agents can't set it on the options page of the production build unless ${ALLOW_AGENT_ENDPOINTS} is true.`;

export function managedSchemaText(): string {
  const configKeys = CONFIG_KEYS.map((key) => {
    const spec = CONFIG_SPEC[key];
    const sentences = [spec.description, ...(spec.setBy === "admin" ? [ADMIN_SENTENCE] : [])];
    const description = `${sentences.join(" ")} ${defaultSentence(spec.default)}`;
    return [key, { title: spec.label, description, ...spec.schema }];
  });
  const policyOnly = Object.entries(POLICY_ONLY_SPEC).map(([key, spec]) => {
    const description = `${spec.description} ${defaultSentence(spec.default)}`;
    return [key, { title: spec.label, description, ...spec.schema }];
  });
  const properties = Object.fromEntries([...configKeys, ...policyOnly]);
  return `${JSON.stringify({ type: "object", properties }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(MANAGED_SCHEMA_FILE, managedSchemaText());
