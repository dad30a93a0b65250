import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  identityOfSigningKey,
  idFromManifestKey,
  idFromPublicKeyDer,
  publicKeyDer,
} from "../../../scripts/packaging/extension-id.ts";
import { chromeId, rsaKey } from "./helpers.ts";

const PINNED_ID = "ofknpifobakjhobajpenccalbkbdjghh";
const repoManifest = JSON.parse(readFileSync(new URL("../../../manifest.json", import.meta.url), "utf8")) as {
  key: string;
};

describe("extension ids", () => {
  it("the manifest `key` pins the documented id", () => {
    expect(idFromManifestKey(repoManifest.key)).toBe(PINNED_ID);
    expect(chromeId(Buffer.from(repoManifest.key, "base64"))).toBe(PINNED_ID);
  });

  it("spells the first 16 bytes of SHA-256 over the SPKI DER with a–p", () => {
    // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 ...; e→o, 3→d, b→l, 0→a, c→m, 4→e, ...
    expect(idFromPublicKeyDer(Buffer.alloc(0))).toBe("odlameecjipmbmbejkplpemijjgpljce");
    const key = rsaKey();
    const id = idFromPublicKeyDer(key.spki);
    expect(id).toMatch(/^[a-p]{32}$/);
    expect(id).toBe(chromeId(key.spki));
  });

  it("gives a signing key's id and manifest `key`, from PKCS#8 or PKCS#1 PEM", () => {
    const key = rsaKey();
    const identity = identityOfSigningKey(key.pem);
    expect(identity).toEqual({ id: chromeId(key.spki), manifestKey: key.spki.toString("base64") });
    expect(idFromManifestKey(identity.manifestKey)).toBe(identity.id);
    const pkcs1 = createPrivateKey(key.pem).export({ type: "pkcs1", format: "pem" }) as string;
    expect(identityOfSigningKey(pkcs1)).toEqual(identity);
    expect(publicKeyDer(createPrivateKey(key.pem)).equals(key.spki)).toBe(true);
  });

  it("different keys give different ids", () => {
    expect(identityOfSigningKey(rsaKey().pem).id).not.toBe(identityOfSigningKey(rsaKey().pem).id);
  });
});
