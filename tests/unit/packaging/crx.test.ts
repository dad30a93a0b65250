import { createVerify } from "node:crypto";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCrx, verifyCrx, writeUpdateXml } from "../../../scripts/packaging/crx.ts";
import { zipExtension } from "../../../scripts/packaging/zip.ts";
import { buildCrx, chromeId, parseCrx, readZip, rsaKey, signedPayload, spellId } from "./helpers.ts";

let work: string;
let zipPath: string;
let zip: Buffer;
let a: ReturnType<typeof rsaKey>;
let b: ReturnType<typeof rsaKey>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "hb-crx-test-"));
  const ext = join(work, "ext");
  await mkdir(ext);
  await writeFile(join(ext, "manifest.json"), "{}");
  await writeFile(join(ext, "background.js"), "chrome.runtime.id;\n");
  zipPath = join(work, "ext.zip");
  await zipExtension(ext, { manifest_version: 3, name: "t", version: "1.0" }, zipPath);
  zip = await readFile(zipPath);
  a = rsaKey();
  b = rsaKey();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function crxFile(name: string, bytes: Buffer): Promise<string> {
  const path = join(work, name);
  await writeFile(path, bytes);
  return path;
}

describe("signCrx", () => {
  it("writes a CRX3 whose header, id and RSA-SHA256 proof check out independently", async () => {
    const keyPath = await crxFile("a.pem", Buffer.from(a.pem));
    const crxPath = join(work, "signed.crx");
    await signCrx(zipPath, keyPath, crxPath);
    const crx = parseCrx(await readFile(crxPath));
    expect(crx.magic).toBe("Cr24");
    expect(crx.version).toBe(3);
    expect(crx.archive.equals(zip)).toBe(true);
    expect(readZip(crx.archive).map((e) => e.name)).toEqual(["background.js", "manifest.json"]);
    expect(crx.rsaProofs).toHaveLength(1);
    const [proof] = crx.rsaProofs;
    expect(proof?.publicKey.equals(a.spki)).toBe(true);
    expect(crx.crxId).toHaveLength(16);
    expect(spellId(crx.crxId)).toBe(chromeId(a.spki));
    const verify = createVerify("sha256").update(signedPayload(crx.signedHeaderData, crx.archive));
    expect(
      verify.verify({ key: a.spki, format: "der", type: "spki" }, proof?.signature ?? Buffer.alloc(0)),
    ).toBe(true);
    expect(await verifyCrx(crxPath)).toBe(chromeId(a.spki));
  });

  it("fails, and makes no key, when the key file is missing (crx3 would generate one)", async () => {
    const keyPath = join(work, "missing.pem");
    await expect(signCrx(zipPath, keyPath, join(work, "never.crx"))).rejects.toThrow(/ENOENT/);
    await expect(access(keyPath)).rejects.toThrow(/ENOENT/);
    await expect(access(join(work, "never.crx"))).rejects.toThrow(/ENOENT/);
  });
});

describe("verifyCrx", () => {
  it("accepts a hand-built CRX3 and returns the id its crx_id spells", async () => {
    expect(await verifyCrx(await crxFile("hand.crx", buildCrx(zip, a, [a])))).toBe(chromeId(a.spki));
  });

  it("counts only the proof by the key crx_id names, wherever it is", async () => {
    expect(await verifyCrx(await crxFile("two.crx", buildCrx(zip, b, [a, b])))).toBe(chromeId(b.spki));
    await expect(verifyCrx(await crxFile("foreign.crx", buildCrx(zip, b, [a])))).rejects.toThrow(
      "no valid RSA signature by the key the CRX id names",
    );
  });

  it("rejects a CRX whose archive changed after signing", async () => {
    const crx = buildCrx(zip, a, [a]);
    const last = crx.length - 30;
    crx[last] = (crx[last] as number) ^ 0xff;
    await expect(verifyCrx(await crxFile("tampered.crx", crx))).rejects.toThrow("no valid RSA signature");
  });

  it("rejects what is not a CRX3", async () => {
    await expect(verifyCrx(await crxFile("zip.crx", zip))).rejects.toThrow("no Cr24 magic");
    await expect(verifyCrx(await crxFile("v2.crx", buildCrx(zip, a, [a], { version: 2 })))).rejects.toThrow(
      "CRX version 2, expected 3",
    );
  });
});

describe("writeUpdateXml", () => {
  it("names the id, version, CRX URL and minimum Chrome, escaping XML", async () => {
    const path = join(work, "update.xml");
    await writeUpdateXml(path, {
      id: "ofknpifobakjhobajpenccalbkbdjghh",
      version: "1.2.3",
      crxUrl: 'https://u.example.com/hb/x.crx?a=1&b="2"',
      minChrome: "121",
    });
    expect(await readFile(path, "utf8")).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="ofknpifobakjhobajpenccalbkbdjghh">
    <updatecheck codebase="https://u.example.com/hb/x.crx?a=1&amp;b=&quot;2&quot;" version="1.2.3" prodversionmin="121" />
  </app>
</gupdate>
`);
  });

  it("leaves prodversionmin out when the manifest sets no minimum", async () => {
    const path = join(work, "update-nomin.xml");
    await writeUpdateXml(path, { id: "abc", version: "1", crxUrl: "https://x/y.crx", minChrome: undefined });
    const xml = await readFile(path, "utf8");
    expect(xml).toContain('<updatecheck codebase="https://x/y.crx" version="1" />');
    expect(xml).not.toContain("prodversionmin");
  });
});
