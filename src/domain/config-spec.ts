/**
 * Every configuration key (CONTRACT §1), declared once: its default, its check, the type Chrome
 * checks a policy value against, and its words for agents (options page) and admins (the policy
 * schema). config.ts, the options page and public/managed_schema.json (written from this by
 * scripts/managed-schema.ts) all read it, so they can't disagree.
 */
import type { ConfigKey, ConfigRules, HunkBridgeConfig } from "./config.ts";
import {
  type Checked,
  checkAcceptWindowSeconds,
  checkCallbackMemoryDays,
  checkCallerSearchPath,
  checkCustomerServiceTarget,
  checkFieldMap,
  checkFlexOrigins,
  checkHunkwareUrl,
  checkLeadPath,
  checkOutboundCallerId,
  checkPrefetchOnOffer,
  checkReviewSeconds,
  checkTokenUrl,
} from "./config-validators.ts";

/**
 * The JSON-schema type of a key whose values are `T`, so the compiler refuses a schema that
 * disagrees with the key's default or check. Every number in the configuration is whole. A key
 * without a default (`T | null`) has the schema of `T`: policy either sets it or leaves it out.
 */
type PolicySchema<T> = T extends boolean
  ? { type: "boolean" }
  : T extends number
    ? { type: "integer" }
    : T extends string
      ? { type: "string" }
      : T extends string[]
        ? { type: "array"; items: { type: "string" } }
        : T extends Record<string, string>
          ? { type: "object"; additionalProperties: { type: "string" } }
          : never;

type KeySpec<T> = {
  /** Used when neither policy nor the options page sets the key; null: the key has no default. */
  default: T;
  /**
   * "admin": the key decides where the Flex token or client data go, so in the production build
   * only policy sets it (or the build's default applies); an agent's saved value is ignored unless
   * policy sets allowAgentEndpoints. "agent": the agent's own preference where policy leaves it.
   */
  setBy: "admin" | "agent";
  validate: (value: unknown, rules: ConfigRules) => Checked<T>;
  schema: PolicySchema<T>;
  /** The field's label on the options page, and the key's title in the policy schema. */
  label: string;
  /** For the agent, under the field on the options page. */
  help: string;
  /** For the admin, in the policy schema; the generator appends the default. */
  description: string;
};

export const CONFIG_SPEC: { [K in ConfigKey]: KeySpec<HunkBridgeConfig[K]> } = {
  flexOrigins: {
    default: ["https://flex.twilio.com"],
    setBy: "admin",
    validate: checkFlexOrigins,
    schema: { type: "array", items: { type: "string" } },
    label: "Flex origins",
    help: "Where Twilio Flex runs, one origin per line.",
    description: "Origins where Twilio Flex runs; the Flex content scripts run there.",
  },
  hunkwareUrl: {
    default: "https://hunkware.chhj.com",
    setBy: "admin",
    validate: checkHunkwareUrl,
    schema: { type: "string" },
    label: "Hunkware URL",
    help: "Base URL of Hunkware; its tabs are any page under it.",
    description: "Base URL of Hunkware; the one Hunkware tab is any tab under it.",
  },
  leadPath: {
    default: "/leads/{lead_id}",
    setBy: "agent",
    validate: checkLeadPath,
    schema: { type: "string" },
    label: "Lead path",
    help: "Opened for a web lead; {lead_id} and other task attributes are filled in.",
    description: "Path opened for a weblead task; {name} placeholders are task attributes, URL-encoded.",
  },
  callerSearchPath: {
    default: "/search?phone={phone10}",
    setBy: "agent",
    validate: checkCallerSearchPath,
    schema: { type: "string" },
    label: "Caller search path",
    help: "Opened for an inbound callback; {phone10} is the caller's 10 digits.",
    description: "Path opened for an inbound callback; {phone10} is the caller's 10 digits.",
  },
  tokenUrl: {
    default: null,
    setBy: "admin",
    validate: checkTokenUrl,
    schema: { type: "string" },
    label: "Token service URL",
    help: "Exchanges the Flex sign-in for a TaskRouter token.",
    description:
      "Token service that exchanges the agent's Flex token for a TaskRouter worker token; without it the extension shows 'not configured'.",
  },
  acceptWindowSeconds: {
    default: 10,
    setBy: "agent",
    validate: checkAcceptWindowSeconds,
    schema: { type: "integer" },
    label: "Accept window (seconds)",
    help: "Time an agent has to accept a task.",
    description: "Time an agent has to accept a reservation.",
  },
  reviewSeconds: {
    default: 15,
    setBy: "agent",
    validate: checkReviewSeconds,
    schema: { type: "integer" },
    label: "Review time (seconds)",
    help: "Time after accepting before the client is dialed.",
    description: "Review time after accept before Twilio dials the client.",
  },
  outboundCallerId: {
    default: "+18553409128",
    setBy: "agent",
    validate: checkOutboundCallerId,
    schema: { type: "string" },
    label: "Outbound caller id",
    help: "The number clients see and call back.",
    description: "The number clients see and call back.",
  },
  customerServiceTarget: {
    default: null,
    setBy: "admin",
    validate: checkCustomerServiceTarget,
    schema: { type: "string" },
    label: "Customer service queue",
    help: "TaskQueue SID (WQ…) for transfers of inbound calls.",
    description: "TaskQueue SID (WQ...) for cold transfers of inbound calls to customer service.",
  },
  fieldMap: {
    default: {},
    setBy: "admin",
    validate: checkFieldMap,
    schema: { type: "object", additionalProperties: { type: "string" } },
    label: "Hunkware field map",
    help: 'JSON: CSS selector → task attribute, e.g. {"#notes": "service"}.',
    description: "Optional: CSS selector in Hunkware -> task attribute name, filled on screen-pop.",
  },
  callbackMemoryDays: {
    default: 14,
    setBy: "agent",
    validate: checkCallbackMemoryDays,
    schema: { type: "integer" },
    label: "Callback memory (days)",
    help: "A callback from a number you called for a lead within this many days opens that lead; 0 turns it off.",
    description:
      "How long a popped lead is remembered (a keyed hash of its phone number, never the number) so that a callback from that number opens the lead; 0 = off.",
  },
  prefetchOnOffer: {
    default: true,
    setBy: "agent",
    validate: checkPrefetchOnOffer,
    schema: { type: "boolean" },
    label: "Prepare Hunkware during the offer",
    help: "While a task is offered, the Hunkware tab fetches the client's page in the background (nothing changes on screen), so it opens at once on accept.",
    description:
      "While a reservation is offered, the Hunkware tab prefetches the page the screen-pop will open (one GET, nothing shown or run), so it opens at once on accept; false for a Hunkware that counts page views.",
  },
};

const ADMIN_KEY_LIST = Object.entries(CONFIG_SPEC)
  .filter(([, spec]) => spec.setBy === "admin")
  .map(([key]) => key)
  .join(", ");

/**
 * Keys only policy sets, never the options page: they are not configuration the extension runs
 * with (not in HunkBridgeConfig) but say what the options page may set. Only in the policy schema.
 */
export const POLICY_ONLY_SPEC = {
  allowAgentEndpoints: {
    default: false,
    schema: { type: "boolean" },
    label: "Let agents set where tokens and client data go",
    description: `true lets agents set ${ADMIN_KEY_LIST} on the options page wherever policy leaves them unset (an install the admin does not configure). Only policy sets this key, never the options page. false or unset: those keys come from policy or the build's defaults only.`,
  },
} as const satisfies Record<string, Omit<KeySpec<boolean>, "validate" | "help" | "setBy">>;

export type PolicyOnlyKey = keyof typeof POLICY_ONLY_SPEC;
