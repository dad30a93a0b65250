// The callback memory (src/features/callback-memory/) keeps no phone number, only an HMAC-SHA-256 of its 10
// digits under a key made once per install. WebCrypto is passed in (the service worker's
// `crypto.subtle`, Node's in tests), so this stays free of browser APIs.

import * as v from "valibot";

/** Bytes of the install key: HMAC-SHA-256's own block-strength key size. */
export const INSTALL_KEY_BYTES = 32;

/** The install key as stored: its INSTALL_KEY_BYTES in lower-case hex. */
export const InstallKeyText = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

/** The install key as stored, checked: anything else means "make a new key". */
export function parseInstallKey(stored: unknown): Uint8Array | null {
  if (!v.is(InstallKeyText, stored)) return null;
  return Uint8Array.from(stored.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

export const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");

export function importInstallKey(subtle: SubtleCrypto, raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey("raw", raw as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The keyed hash of a 10-digit number, as 64 hex digits. */
export async function phoneKey(subtle: SubtleCrypto, key: CryptoKey, digits10: string): Promise<string> {
  if (!/^\d{10}$/.test(digits10)) throw new Error("phoneKey takes the 10 digits of a NANP number");
  return hex(await subtle.sign("HMAC", key, new TextEncoder().encode(digits10)));
}
