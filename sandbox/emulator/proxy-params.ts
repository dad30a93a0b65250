import { badRequest } from "./errors.ts";

/**
 * Readers for the `params` of an EventBridge REST proxy call. The SDK sends Twilio's parameter
 * names (ActivitySid, ReservationStatus…) with JSON values; Attributes arrives as an object that
 * the proxy must serialise itself.
 */

export type Params = Record<string, unknown>;

export function optString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest(`${name} must be a string`);
  return value;
}

export function reqString(params: Params, name: string): string {
  const value = optString(params, name);
  if (value === undefined || value === "") throw badRequest(`${name} is required`);
  return value;
}

/** Booleans may come as JSON booleans or as the strings "true"/"false". */
export function optBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw badRequest(`${name} must be true or false`);
}

export function optNumber(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw badRequest(`${name} must be a number`);
  return n;
}

/** Attributes as the JSON text Twilio stores: an object is serialised, a string must be valid JSON. */
export function optAttributes(params: Params, name = "Attributes"): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string") {
    try {
      JSON.parse(value);
    } catch {
      throw badRequest(`${name} is not valid JSON`);
    }
    return value;
  }
  throw badRequest(`${name} must be a JSON object`);
}
