import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MANAGED_SCHEMA_FILE, managedSchemaText } from "../../../scripts/managed-schema.ts";
import { ADMIN_KEYS, CONFIG_KEYS, type ConfigRules } from "../../../src/domain/config.ts";
import { CONFIG_SPEC } from "../../../src/domain/config-spec.ts";

const production: ConfigRules = { allowLoopbackHttp: false };
const KEYS_WITH_DEFAULT = CONFIG_KEYS.filter((key) => CONFIG_SPEC[key].default !== null);

const committed = readFileSync(MANAGED_SCHEMA_FILE, "utf8");
const generated = managedSchemaText();
const propertiesOf = (schema: string) =>
  (JSON.parse(schema) as { properties: Record<string, unknown> }).properties;

/** The JSON-schema type Chrome would see for a value in policy. */
function schemaTypeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

describe("public/managed_schema.json (regenerate with `npm run schema`)", () => {
  it("has exactly the spec's keys, and the policy-only allowAgentEndpoints", () => {
    expect(Object.keys(propertiesOf(committed))).toEqual([...CONFIG_KEYS, "allowAgentEndpoints"]);
  });

  it("declares allowAgentEndpoints as a boolean, false unless set", () => {
    expect(propertiesOf(committed).allowAgentEndpoints).toMatchObject({
      type: "boolean",
      description: expect.stringMatching(
        /Only policy sets this key, never the options page\..* Default: false\.$/,
      ),
    });
  });

  it.each(CONFIG_KEYS)("tells the admin whether agents can set %s", (key) => {
    const { description } = propertiesOf(committed)[key] as { description: string };
    const said = description.includes("Agents can't set it on the options page of the production build");
    expect(said).toBe(ADMIN_KEYS.includes(key));
  });

  it.each(CONFIG_KEYS)("declares %s as the spec does", (key) => {
    expect(propertiesOf(committed)[key]).toEqual(propertiesOf(generated)[key]);
  });

  it("is the generator's output, byte for byte", () => {
    expect(committed).toBe(generated);
  });
});

describe("CONFIG_SPEC", () => {
  it.each(CONFIG_KEYS)("%s has a label, help for agents and a description for admins", (key) => {
    const { label, help, description } = CONFIG_SPEC[key];
    expect({ label, help, description }).toEqual({
      label: expect.stringMatching(/\S/),
      help: expect.stringMatching(/\S/),
      description: expect.stringMatching(/\S/),
    });
  });

  // The compiler already ties each schema to the key's type; this catches a default forced in by a cast.
  it.each(KEYS_WITH_DEFAULT)("%s's default has the key's schema type", (key) => {
    expect(schemaTypeOf(CONFIG_SPEC[key].default)).toBe(CONFIG_SPEC[key].schema.type);
  });

  it.each(KEYS_WITH_DEFAULT)("%s's default passes its own check unchanged", (key) => {
    const { default: value, validate } = CONFIG_SPEC[key];
    expect(validate(value, production)).toEqual({ ok: true, value });
  });
});
