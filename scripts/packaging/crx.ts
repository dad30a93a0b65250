/**
 * The self-hosted package: a CRX3 file signed with our key (by crx3), checked here after writing
 * the way Chrome checks it, and the update manifest (update.xml) Chrome polls for new versions.
 */

import { createVerify } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, readFile, writeFile } from "node:fs/promises";
import crx3 from "crx3";
import { idFromPublicKeyDer } from "./extension-id.ts";

/** Signs `zipPath` into `crxPath` with the key in `keyPath` (which must exist: crx3 would make one). */
export async function signCrx(zipPath: string, keyPath: string, crxPath: string): Promise<void> {
  await access(keyPath);
  await crx3(createReadStream(zipPath), { keyPath, crxPath });
}

// --- A minimal protobuf reader: CRX3 headers use only varints and length-delimited fields. ---

type Field = { number: number; bytes: Buffer };

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 35; i++) {
    const byte = buf[i] as number;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new Error("CRX header: malformed varint");
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = readVarint(buf, at);
    const wire = tag & 7;
    if (wire === 0) {
      at = readVarint(buf, next)[1];
    } else if (wire === 2) {
      const [length, start] = readVarint(buf, next);
      if (start + length > buf.length) throw new Error("CRX header: field runs past its end");
      out.push({ number: Math.floor(tag / 8), bytes: buf.subarray(start, start + length) });
      at = start + length;
    } else throw new Error(`CRX header: unexpected wire type ${wire}`);
  }
  return out;
}

const SIGNATURE_CONTEXT = Buffer.from("CRX3 SignedData\x00", "latin1");

/** Checks a CRX3 as Chrome does (magic, version, crx_id, an RSA proof by that key); returns its id. */
export async function verifyCrx(crxPath: string): Promise<string> {
  const crx = await readFile(crxPath);
  if (crx.toString("latin1", 0, 4) !== "Cr24") throw new Error("not a CRX file (no Cr24 magic)");
  if (crx.readUInt32LE(4) !== 3) throw new Error(`CRX version ${crx.readUInt32LE(4)}, expected 3`);
  const headerEnd = 12 + crx.readUInt32LE(8);
  const header = fields(crx.subarray(12, headerEnd));
  const archive = crx.subarray(headerEnd);
  const signedData = header.find((f) => f.number === 10000)?.bytes;
  if (!signedData) throw new Error("CRX header has no signed_header_data");
  const crxId = fields(signedData).find((f) => f.number === 1)?.bytes;
  if (crxId?.length !== 16) throw new Error("CRX signed data has no 16-byte crx_id");
  const size = Buffer.alloc(4);
  size.writeUInt32LE(signedData.length);
  for (const proof of header.filter((f) => f.number === 2)) {
    const parts = fields(proof.bytes);
    const publicKey = parts.find((f) => f.number === 1)?.bytes;
    const signature = parts.find((f) => f.number === 2)?.bytes;
    if (!publicKey || !signature) continue;
    // Chrome requires a proof by the key the id was derived from; other proofs don't count.
    const id = idFromPublicKeyDer(publicKey);
    if (spell(crxId) !== id) continue;
    const verify = createVerify("sha256");
    verify.update(Buffer.concat([SIGNATURE_CONTEXT, size, signedData, archive]));
    if (verify.verify({ key: publicKey, format: "der", type: "spki" }, signature)) return id;
  }
  throw new Error("no valid RSA signature by the key the CRX id names");
}

/** crx_id is the raw 16 bytes whose a–p spelling is the extension id. */
function spell(crxId: Buffer): string {
  return [...crxId.toString("hex")].map((d) => String.fromCharCode(97 + Number.parseInt(d, 16))).join("");
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

/** The update manifest: where version `version` of extension `id` is, and the oldest Chrome it needs. */
export async function writeUpdateXml(
  path: string,
  info: { id: string; version: string; crxUrl: string; minChrome: string | undefined },
): Promise<void> {
  const min = info.minChrome ? ` prodversionmin="${escapeXml(info.minChrome)}"` : "";
  await writeFile(
    path,
    `<?xml version="1.0" encoding="UTF-8"?>
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="${escapeXml(info.id)}">
    <updatecheck codebase="${escapeXml(info.crxUrl)}" version="${escapeXml(info.version)}"${min} />
  </app>
</gupdate>
`,
  );
}
