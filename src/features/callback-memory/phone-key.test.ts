import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hex, importInstallKey, parseInstallKey, phoneKey } from "./phone-key.ts";

const subtle = webcrypto.subtle as SubtleCrypto;
const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe("phoneKey", () => {
  it("is HMAC-SHA-256 of the 10 digits under the install key (RFC 2104 via WebCrypto)", async () => {
    const key = await importInstallKey(subtle, bytes(7));
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", Buffer.from(bytes(7)))
      .update("6175550123")
      .digest("hex");
    expect(await phoneKey(subtle, key, "6175550123")).toBe(expected);
  });

  it("differs between installs: the same number under another key", async () => {
    const [a, b] = await Promise.all([
      importInstallKey(subtle, bytes(1)),
      importInstallKey(subtle, bytes(2)),
    ]);
    expect(await phoneKey(subtle, a, "6175550123")).not.toBe(await phoneKey(subtle, b, "6175550123"));
  });

  it("never hashes anything but 10 digits", async () => {
    const key = await importInstallKey(subtle, bytes(1));
    await expect(phoneKey(subtle, key, "+16175550123")).rejects.toThrow(/10 digits/);
  });
});

describe("parseInstallKey", () => {
  it("reads back a stored key", () => {
    expect(parseInstallKey(hex(bytes(171)))).toEqual(bytes(171));
  });

  it.each([undefined, "", "abc", "zz".repeat(32), hex(bytes(171)).toUpperCase(), 42])(
    "refuses %j",
    (stored) => {
      expect(parseInstallKey(stored)).toBeNull();
    },
  );
});
