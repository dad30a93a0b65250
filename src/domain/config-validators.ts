// One check per configuration key (CONTRACT §1), used by the key's entry in config-spec.ts. Each
// turns an untrusted value from managed policy or the options page into a normalised value, or into
// a message for the options page that names the key and says what is wrong with it.
import type { ConfigRules } from "./config.ts";
import { normalizeNanp } from "./phone.ts";
import { templatePlaceholders } from "./url-template.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const MIN_SECONDS = 1;
const MAX_SECONDS = 300;

// Placeholders a path can resolve: the attributes CONTRACT §2 promises for that kind of task, plus
// {phone10}, which the screen-pop derives from the task's phone number.
const LEAD_PLACEHOLDERS = ["lead_id", "name", "phone", "email", "address", "zip", "service", "phone10"];
const CALLER_PLACEHOLDERS = ["phone10", "from", "to", "caller", "call_sid", "name"];

// The only hosts the sandbox build may reach over plain http (scripts/sandbox-hosts.ts).
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost"];

/** A value as the options page should quote it: short, and never "[object Object]". */
function describe(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value); // NaN, not JSON's null
  const text = typeof value === "function" || typeof value === "symbol" ? undefined : JSON.stringify(value);
  if (text === undefined) return typeof value;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function bad<T>(message: string): Checked<T> {
  return { ok: false, message };
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** https anywhere; plain http only to this machine, and only where the rules allow it (the sandbox). */
function isSecureEnough(url: URL, rules: ConfigRules): boolean {
  return url.protocol === "https:" || (rules.allowLoopbackHttp && LOOPBACK_HOSTS.includes(url.hostname));
}

/** The refusal of a plain-http value; in the sandbox it also says where http is allowed. */
function httpRefused(sentence: string, rules: ConfigRules): string {
  return rules.allowLoopbackHttp
    ? `${sentence} Only ${LOOPBACK_HOSTS.join(" and ")} may use http: in this sandbox build.`
    : sentence;
}

/** "https://flex.twilio.com/" → its URL; null unless it is a bare http(s) origin. */
function bareOrigin(value: string): URL | null {
  const url = httpUrl(value);
  const bare =
    url !== null &&
    url.pathname === "/" &&
    !/[?#]/.test(value) &&
    url.username === "" &&
    url.password === "" &&
    /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname); // no "*" wildcards: an origin is one site
  return bare ? url : null;
}

export function checkFlexOrigins(value: unknown, rules: ConfigRules): Checked<string[]> {
  if (!Array.isArray(value)) {
    return bad(
      `flexOrigins must be a list of origins such as "https://flex.twilio.com", but it is ${describe(value)}.`,
    );
  }
  if (value.length === 0) return bad("flexOrigins must list at least one origin, but the list is empty.");
  const origins: string[] = [];
  for (const entry of value) {
    const url = typeof entry === "string" ? bareOrigin(entry) : null;
    if (url === null) {
      return bad(
        `flexOrigins entry ${describe(entry)} is not an http(s) origin without a path (such as "https://flex.twilio.com").`,
      );
    }
    if (!isSecureEnough(url, rules)) {
      return bad(
        httpRefused(
          `flexOrigins entry ${describe(entry)} must use https: (the Flex token is read from Flex's pages and must never cross the network in clear).`,
          rules,
        ),
      );
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return ok(origins);
}

export function checkHunkwareUrl(value: unknown, rules: ConfigRules): Checked<string> {
  const url = typeof value === "string" ? httpUrl(value) : null;
  if (url === null) {
    return bad(
      `hunkwareUrl must be an http(s) URL such as "https://hunkware.chhj.com", but it is ${describe(value)}.`,
    );
  }
  if (/[?#]/.test(String(value))) {
    return bad(
      `hunkwareUrl must not have a query or "#" part, because paths are appended to it; it is ${describe(value)}.`,
    );
  }
  if (!isSecureEnough(url, rules)) {
    return bad(
      httpRefused(
        `hunkwareUrl must use https: (Hunkware's pages show and receive client details), but it is ${describe(value)}.`,
        rules,
      ),
    );
  }
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, "")}`);
}

export function checkTokenUrl(value: unknown, rules: ConfigRules): Checked<string | null> {
  const url = typeof value === "string" ? httpUrl(value) : null;
  if (url === null) return bad(`tokenUrl must be an http(s) URL, but it is ${describe(value)}.`);
  if (!isSecureEnough(url, rules)) {
    return bad(
      httpRefused(
        `tokenUrl must use https: (the Flex token must never cross the network in clear), but it is ${describe(value)}.`,
        rules,
      ),
    );
  }
  return ok(url.href);
}

function pathChecker(key: "leadPath" | "callerSearchPath", allowed: string[]) {
  return (value: unknown): Checked<string> => {
    if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) {
      return bad(`${key} must be a path starting with a single "/", but it is ${describe(value)}.`);
    }
    const names = templatePlaceholders(value);
    if (names === null) {
      return bad(
        `${key} has a brace that isn't a {placeholder} (a name in {…}, such as {lead_id}): ${describe(value)}.`,
      );
    }
    const unknown = names.filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      return bad(
        `${key} uses ${unknown.map((name) => `{${name}}`).join(", ")}, which can't be filled in; ` +
          `it can use ${allowed.map((name) => `{${name}}`).join(", ")}.`,
      );
    }
    return ok(value);
  };
}

function secondsChecker(key: "acceptWindowSeconds" | "reviewSeconds") {
  return (value: unknown): Checked<number> =>
    typeof value === "number" && Number.isInteger(value) && value >= MIN_SECONDS && value <= MAX_SECONDS
      ? ok(value)
      : bad(
          `${key} must be a whole number of seconds from ${MIN_SECONDS} to ${MAX_SECONDS}, but it is ${describe(value)}.`,
        );
}

/** A year at most: the memory is for callbacks to a recent lead, not a phone book. */
export const MAX_CALLBACK_MEMORY_DAYS = 365;

export function checkCallbackMemoryDays(value: unknown): Checked<number> {
  return typeof value === "number" &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_CALLBACK_MEMORY_DAYS
    ? ok(value)
    : bad(
        `callbackMemoryDays must be a whole number of days from 0 (off) to ${MAX_CALLBACK_MEMORY_DAYS}, but it is ${describe(value)}.`,
      );
}

export function checkPrefetchOnOffer(value: unknown): Checked<boolean> {
  return typeof value === "boolean"
    ? ok(value)
    : bad(`prefetchOnOffer must be true or false, but it is ${describe(value)}.`);
}

export function checkOutboundCallerId(value: unknown): Checked<string> {
  if (typeof value !== "string") {
    return bad(`outboundCallerId must be a phone number as text, but it is ${describe(value)}.`);
  }
  const phone = normalizeNanp(value);
  return phone.ok
    ? ok(phone.e164)
    : bad(`outboundCallerId must be a valid NANP number, but ${describe(value)} is not: ${phone.error}`);
}

export function checkCustomerServiceTarget(value: unknown): Checked<string | null> {
  return typeof value === "string" && /^WQ[0-9a-f]{32}$/i.test(value.trim())
    ? ok(value.trim())
    : bad(
        `customerServiceTarget must be a TaskQueue SID ("WQ" and 32 hex digits), but it is ${describe(value)}.`,
      );
}

export function checkFieldMap(value: unknown): Checked<Record<string, string>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return bad(
      `fieldMap must be an object of CSS selector → task attribute name, but it is ${describe(value)}.`,
    );
  }
  // Built with fromEntries: assigning map["__proto__"] would be silently dropped.
  const entries: Array<[string, string]> = [];
  for (const [selector, attribute] of Object.entries(value)) {
    if (selector.trim() === "" || typeof attribute !== "string" || attribute.trim() === "") {
      return bad(
        `fieldMap entry ${describe(selector)} → ${describe(attribute)} must map a CSS selector to an attribute name (both non-empty text).`,
      );
    }
    entries.push([selector, attribute.trim()]);
  }
  return ok(Object.fromEntries(entries));
}

export const checkLeadPath = pathChecker("leadPath", LEAD_PLACEHOLDERS);
export const checkCallerSearchPath = pathChecker("callerSearchPath", CALLER_PLACEHOLDERS);
export const checkAcceptWindowSeconds = secondsChecker("acceptWindowSeconds");
export const checkReviewSeconds = secondsChecker("reviewSeconds");
