/**
 * Chrome's extension id: the first 16 bytes of SHA-256 over the public key (DER, SubjectPublicKeyInfo),
 * written with the letters a–p for the hex digits 0–f. The manifest `key` is that public key in
 * base64, which is how an unpacked build gets the same id as the signed CRX.
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";

export function idFromPublicKeyDer(der: Buffer): string {
  const hex = createHash("sha256").update(der).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join("");
}

export function publicKeyDer(key: KeyObject | string): Buffer {
  return createPublicKey(key).export({ type: "spki", format: "der" });
}

/** The id a manifest `key` (base64 DER public key) pins. */
export function idFromManifestKey(manifestKey: string): string {
  return idFromPublicKeyDer(Buffer.from(manifestKey, "base64"));
}

/** The id a CRX signed with this private key gets, and the matching manifest `key`. */
export function identityOfSigningKey(privateKeyPem: string): { id: string; manifestKey: string } {
  const der = publicKeyDer(privateKeyPem);
  return { id: idFromPublicKeyDer(der), manifestKey: der.toString("base64") };
}
