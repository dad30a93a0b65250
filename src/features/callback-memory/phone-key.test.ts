import { createHmac, webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hex, importHmacKey, parseCallbackKey, parseSessionKey, phoneKey } from "./phone-key.ts";

const subtle = webcrypto.subtle as SubtleCrypto;
const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe("phoneKey", () => {
  it("is HMAC-SHA-256 of the 10 digits under the key (RFC 2104 via WebCrypto)", async () => {
    const key = await importHmacKey(subtle, bytes(7));
    const expected = createHmac("sha256", Buffer.from(bytes(7)))
      .update("6175550123")
      .digest("hex");
    expect(await phoneKey(subtle, key, "6175550123")).toBe(expected);
  });

  it("differs between keys: the same number under another agent's key", async () => {
    const [a, b] = await Promise.all([importHmacKey(subtle, bytes(1)), importHmacKey(subtle, bytes(2))]);
    expect(await phoneKey(subtle, a, "6175550123")).not.toBe(await phoneKey(subtle, b, "6175550123"));
  });

  it("never hashes anything but 10 digits", async () => {
    const key = await importHmacKey(subtle, bytes(1));
    await expect(phoneKey(subtle, key, "+16175550123")).rejects.toThrow(/10 digits/);
  });
});

describe("parseCallbackKey, the token service's callbackKey (CONTRACT §3)", () => {
  it.each([0, 1, 171, 255])("reads the 32 bytes the service encoded (all %i)", (fill) => {
    expect(parseCallbackKey(Buffer.from(bytes(fill)).toString("base64url"))).toEqual(bytes(fill));
  });

  it("reads every base64url character at its place", () => {
    const raw = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
    const text = Buffer.from(raw).toString("base64url");
    expect(text).toMatch(/[-_]/); // both characters that differ from plain base64 are in play
    expect(parseCallbackKey(text)).toEqual(raw);
  });

  it("is the key the service derives: base64url of an HMAC-SHA-256", () => {
    const derived = createHmac("sha256", "secret").update("hunkbridge-callback-memory:ada@chhj.com").digest();
    expect(parseCallbackKey(derived.toString("base64url"))).toEqual(new Uint8Array(derived));
  });

  const KEY = Buffer.from(bytes(9)).toString("base64url");
  it.each([
    undefined,
    null,
    42,
    "",
    KEY.slice(1),
    `${KEY}A`,
    `${KEY}=`,
    Buffer.from(bytes(9)).toString("base64"), // padded, plain base64
    `${KEY.slice(0, 42)}+`,
    `${KEY.slice(0, 42)}/`,
    `${KEY.slice(0, 42)} `,
  ])("refuses %j", (text) => {
    expect(parseCallbackKey(text)).toBeNull();
  });
});

describe("parseSessionKey", () => {
  it("reads back a stored key", () => {
    expect(parseSessionKey(hex(bytes(171)))).toEqual(bytes(171));
  });

  it.each([undefined, "", "abc", "zz".repeat(32), hex(bytes(171)).toUpperCase(), 42])(
    "refuses %j",
    (stored) => {
      expect(parseSessionKey(stored)).toBeNull();
    },
  );
});
