/**
 * Independent readers for the packaging tests: a zip reader (central directory + inflate), a CRX3
 * parser/encoder (protobuf by hand) and the Chrome id rule. Deliberately not shared with
 * scripts/packaging, so a mistake there can't hide behind the same mistake here.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { crc32, inflateRawSync } from "node:zlib";

export type ZipEntry = { name: string; data: Buffer; method: number; dosTime: number; dosDate: number };

/** Reads every entry of a zip, in central-directory order, checking sizes and CRCs. */
export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("zip: no end-of-central-directory record");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`zip: unsupported method ${method} for ${name}`);
    if (data.length !== size) throw new Error(`zip: ${name} is ${data.length} bytes, header says ${size}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
    entries.push({ name, data, method, dosTime, dosDate });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function zipManifest(zip: Buffer): Record<string, unknown> {
  const entry = readZip(zip).find((e) => e.name === "manifest.json");
  if (!entry) throw new Error("zip has no manifest.json");
  return JSON.parse(entry.data.toString("utf8")) as Record<string, unknown>;
}

/** Chrome's rule, written out again: first 16 bytes of SHA-256(SPKI DER), hex digits 0–f as a–p. */
export function chromeId(spkiDer: Buffer): string {
  return spellId(createHash("sha256").update(spkiDer).digest().subarray(0, 16));
}

/** Bytes as an extension id: each hex digit 0–f written as a–p. */
export function spellId(bytes: Buffer): string {
  return bytes
    .toString("hex")
    .replace(/[0-9a-f]/g, (d) => "abcdefghijklmnop"[Number.parseInt(d, 16)] as string);
}

export function rsaKey(): { pem: string; spki: Buffer } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    spki: createPublicKey(privateKey).export({ type: "spki", format: "der" }),
  };
}

// --- protobuf, just varints and length-delimited fields ---

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

function field(number: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = at, mul = 1; i < buf.length; i++, mul *= 0x80) {
    const byte = buf[i] as number;
    value += (byte & 0x7f) * mul;
    if (byte < 0x80) return [value, i + 1];
  }
  throw new Error("protobuf: truncated varint");
}

function decode(buf: Buffer): Array<{ number: number; bytes: Buffer }> {
  const out: Array<{ number: number; bytes: Buffer }> = [];
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = readVarint(buf, at);
    if (tag % 8 !== 2) throw new Error(`protobuf: wire type ${tag % 8} in a CRX header`);
    const [length, start] = readVarint(buf, next);
    out.push({ number: Math.floor(tag / 8), bytes: buf.subarray(start, start + length) });
    at = start + length;
  }
  return out;
}

const CONTEXT = Buffer.from("CRX3 SignedData\x00", "latin1");

/** The bytes a CRX3 proof signs: context, LE32 size of signed_header_data, that data, the archive. */
export function signedPayload(signedHeaderData: Buffer, archive: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(signedHeaderData.length);
  return Buffer.concat([CONTEXT, size, signedHeaderData, archive]);
}

export type ParsedCrx = {
  magic: string;
  version: number;
  signedHeaderData: Buffer;
  crxId: Buffer;
  rsaProofs: Array<{ publicKey: Buffer; signature: Buffer }>;
  archive: Buffer;
};

export function parseCrx(crx: Buffer): ParsedCrx {
  const headerEnd = 12 + crx.readUInt32LE(8);
  const header = decode(crx.subarray(12, headerEnd));
  const signedHeaderData = header.find((f) => f.number === 10000)?.bytes ?? Buffer.alloc(0);
  return {
    magic: crx.toString("latin1", 0, 4),
    version: crx.readUInt32LE(4),
    signedHeaderData,
    crxId: decode(signedHeaderData).find((f) => f.number === 1)?.bytes ?? Buffer.alloc(0),
    rsaProofs: header
      .filter((f) => f.number === 2)
      .map((f) => {
        const parts = decode(f.bytes);
        return {
          publicKey: parts.find((p) => p.number === 1)?.bytes ?? Buffer.alloc(0),
          signature: parts.find((p) => p.number === 2)?.bytes ?? Buffer.alloc(0),
        };
      }),
    archive: crx.subarray(headerEnd),
  };
}

/** Builds a CRX3 by hand: `idKey` names the crx_id, each of `signers` adds an RSA proof. */
export function buildCrx(
  archive: Buffer,
  idKey: { spki: Buffer },
  signers: Array<{ pem: string; spki: Buffer }>,
  options: { version?: number; magic?: string } = {},
): Buffer {
  const crxId = createHash("sha256").update(idKey.spki).digest().subarray(0, 16);
  const signedHeaderData = field(1, crxId);
  const payload = signedPayload(signedHeaderData, archive);
  const proofs = signers.map((s) =>
    field(2, Buffer.concat([field(1, s.spki), field(2, sign("sha256", payload, s.pem))])),
  );
  const header = Buffer.concat([...proofs, field(10000, signedHeaderData)]);
  const prefix = Buffer.alloc(12);
  prefix.write(options.magic ?? "Cr24", 0, "latin1");
  prefix.writeUInt32LE(options.version ?? 3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, archive]);
}
