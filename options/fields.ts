/**
 * How each configuration key (CONTRACT §1) is edited as text on the options page, and read back;
 * its label and help come from CONFIG_SPEC. Reading back does not validate: resolveConfig does,
 * with the same checks the service worker applies, so the options page can never accept a value
 * the extension would then reject.
 */
import type { ConfigKey, HunkBridgeConfig } from "../src/domain/config.ts";

export type FieldKind = "origins" | "url" | "text" | "integer" | "map" | "switch";

export type FieldMeta = { kind: FieldKind; placeholder?: string };

export const FIELDS: Record<ConfigKey, FieldMeta> = {
  flexOrigins: { kind: "origins" },
  hunkwareUrl: { kind: "url" },
  leadPath: { kind: "text" },
  callerSearchPath: { kind: "text" },
  tokenUrl: { kind: "url", placeholder: "not set: HunkBridge can't sign in" },
  acceptWindowSeconds: { kind: "integer" },
  reviewSeconds: { kind: "integer" },
  outboundCallerId: { kind: "text" },
  customerServiceTarget: { kind: "text", placeholder: "not set" },
  fieldMap: { kind: "map" },
  callbackMemoryDays: { kind: "integer" },
  prefetchOnOffer: { kind: "switch" },
};

/** The value as the agent reads and edits it. */
export function toText(key: ConfigKey, value: HunkBridgeConfig[ConfigKey]): string {
  if (value === null || value === undefined) return "";
  const kind = FIELDS[key].kind;
  if (kind === "origins" && Array.isArray(value)) return value.join("\n");
  if (kind === "map") return JSON.stringify(value, null, 2);
  return String(value);
}

export type FromText = { ok: true; value: unknown } | { ok: false; message: string };

/** Text back to a raw value for resolveConfig; undefined means "not set here" (the default applies). */
export function fromText(key: ConfigKey, text: string): FromText {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  switch (FIELDS[key].kind) {
    case "origins":
      return { ok: true, value: trimmed.split(/\s*\n\s*/).filter((line) => line !== "") };
    case "integer":
      // A non-number stays text, so the validator's message quotes exactly what was typed.
      return { ok: true, value: /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed };
    case "switch":
      // Anything but the two words stays text, so the validator's message quotes it.
      return { ok: true, value: trimmed === "true" ? true : trimmed === "false" ? false : trimmed };
    case "map":
      try {
        return { ok: true, value: JSON.parse(trimmed) };
      } catch (error) {
        return { ok: false, message: `${key} is not valid JSON: ${(error as Error).message}` };
      }
    default:
      return { ok: true, value: trimmed };
  }
}
