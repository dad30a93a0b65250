/**
 * Zips a built extension with a rewritten manifest.json. Entries are sorted and dated alike, so
 * the same build gives the same bytes (reproducible uploads, meaningful checksums).
 */
import { createWriteStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

const FIXED_MTIME = new Date("2020-01-01T00:00:00Z");

/** Every file under `dir` as its zip entry name (relative, "/"-separated), sorted; no folders. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** A zip of `dir` in which manifest.json is `manifest`; `out` is the file to write. */
export async function zipExtension(
  dir: string,
  manifest: Record<string, unknown>,
  out: string,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const options = { mtime: FIXED_MTIME, compressionLevel: 9 } as const;
  for (const name of await filesUnder(dir)) {
    if (name === "manifest.json") {
      zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), name, options);
    } else {
      zip.addBuffer(await readFile(join(dir, name)), name, options);
    }
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}
