// The callback memory (src/features/callback-memory/) keeps no phone number, only an HMAC-SHA-256 of its 10
// digits. The key is the agent's `callbackKey` from the token service (CONTRACT §3), else one made
// for this browser session; neither is kept on disk, so a copy of the profile has the hashes
// without the key that would reverse them. WebCrypto is passed in (the service worker's
// `crypto.subtle`, Node's in tests), so this stays free of browser APIs.

import * as v from "valibot";

/** Bytes of a key: HMAC-SHA-256's own block-strength key size. */
export const KEY_BYTES = 32;

/**
 * The token service's `callbackKey` (CONTRACT §3): 43 base64url characters, 32 bytes without
 * padding. Anything else is not taken as a key.
 */
export const CallbackKeyText = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/));

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The bytes of a `callbackKey`, or null for anything that is not one. */
export function parseCallbackKey(text: unknown): Uint8Array | null {
  if (!v.is(CallbackKeyText, text)) return null;
  const bytes = new Uint8Array(KEY_BYTES);
  let bits = 0;
  let held = 0;
  let at = 0;
  for (const char of text) {
    held = (held << 6) | BASE64URL.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (held >> bits) & 0xff;
      held &= (1 << bits) - 1;
    }
  }
  // 43 × 6 = 258 bits: 32 bytes and 2 bits of padding, which a canonical encoder leaves at 0.
  return bytes;
}

/** The session key as kept in storage.session: its KEY_BYTES in lower-case hex. */
export const SessionKeyText = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

/** The session key as stored, checked: anything else means "make a new key". */
export function parseSessionKey(stored: unknown): Uint8Array | null {
  if (!v.is(SessionKeyText, stored)) return null;
  return Uint8Array.from(stored.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

export const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");

export function importHmacKey(subtle: SubtleCrypto, raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey("raw", raw as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The keyed hash of a 10-digit number, as 64 hex digits. */
export async function phoneKey(subtle: SubtleCrypto, key: CryptoKey, digits10: string): Promise<string> {
  if (!/^\d{10}$/.test(digits10)) throw new Error("phoneKey takes the 10 digits of a NANP number");
  return hex(await subtle.sign("HMAC", key, new TextEncoder().encode(digits10)));
}
