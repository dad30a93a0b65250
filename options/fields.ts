/**
 * How each configuration key (CONTRACT §1) is shown and edited as text, and read back. Reading
 * back does not validate: resolveConfig does, with the same checks the service worker applies,
 * so the options page can never accept a value the extension would then reject.
 */
import type { ConfigKey, HunkBridgeConfig } from "../src/domain/config.ts";

export type FieldKind = "origins" | "url" | "text" | "seconds" | "map";

export type FieldMeta = { label: string; help: string; kind: FieldKind; placeholder?: string };

export const FIELDS: Record<ConfigKey, FieldMeta> = {
  flexOrigins: {
    label: "Flex origins",
    kind: "origins",
    help: "Where Twilio Flex runs, one origin per line.",
  },
  hunkwareUrl: {
    label: "Hunkware URL",
    kind: "url",
    help: "Base URL of Hunkware; its tabs are any page under it.",
  },
  leadPath: {
    label: "Lead path",
    kind: "text",
    help: "Opened for a web lead; {lead_id} and other task attributes are filled in.",
  },
  callerSearchPath: {
    label: "Caller search path",
    kind: "text",
    help: "Opened for an inbound callback; {phone10} is the caller's 10 digits.",
  },
  tokenUrl: {
    label: "Token service URL",
    kind: "url",
    help: "Exchanges the Flex sign-in for a TaskRouter token.",
    placeholder: "not set: HunkBridge can't sign in",
  },
  acceptWindowSeconds: {
    label: "Accept window (seconds)",
    kind: "seconds",
    help: "Time an agent has to accept a task.",
  },
  reviewSeconds: {
    label: "Review time (seconds)",
    kind: "seconds",
    help: "Time after accepting before the client is dialed.",
  },
  outboundCallerId: {
    label: "Outbound caller id",
    kind: "text",
    help: "The number clients see and call back.",
  },
  customerServiceTarget: {
    label: "Customer service queue",
    kind: "text",
    help: "TaskQueue SID (WQ…) for transfers of inbound calls.",
    placeholder: "not set",
  },
  fieldMap: {
    label: "Hunkware field map",
    kind: "map",
    help: 'JSON: CSS selector → task attribute, e.g. {"#notes": "service"}.',
  },
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
    case "seconds":
      // A non-number stays text, so the validator's message quotes exactly what was typed.
      return { ok: true, value: /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed };
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
