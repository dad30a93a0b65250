import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipExtension } from "../../../scripts/packaging/zip.ts";
import { readZip } from "./helpers.ts";

let work: string;
let ext: string;
const icon = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "hb-zip-test-"));
  ext = join(work, "ext");
  await mkdir(join(ext, "assets", "deep"), { recursive: true });
  await mkdir(join(ext, "icons"));
  await mkdir(join(ext, "empty"));
  await writeFile(join(ext, "manifest.json"), '{"key":"on disk","version":"9.9.9"}');
  await writeFile(join(ext, "service-worker-loader.js"), "import './assets/main.js';\n");
  await writeFile(join(ext, "assets", "main.js"), "console.log('hi');\n".repeat(200));
  await writeFile(join(ext, "assets", "deep", "manifest.json"), '{"nested":true}');
  await writeFile(join(ext, "icons", "icon-16.png"), icon);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("zipExtension", () => {
  it("zips every file, sorted, with / paths, no folder entries, manifest.json replaced", async () => {
    const out = join(work, "a.zip");
    const manifest = { name: "HunkBridge", version: "1.2.3", list: [1, 2] };
    await zipExtension(ext, manifest, out);
    const entries = readZip(await readFile(out));
    expect(entries.map((e) => e.name)).toEqual([
      "assets/deep/manifest.json",
      "assets/main.js",
      "icons/icon-16.png",
      "manifest.json",
      "service-worker-loader.js",
    ]);
    const byName = new Map(entries.map((e) => [e.name, e.data]));
    expect(byName.get("manifest.json")?.toString("utf8")).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
    // Only the top-level manifest is rewritten; every other file is copied byte for byte.
    expect(byName.get("assets/deep/manifest.json")?.toString("utf8")).toBe('{"nested":true}');
    expect(byName.get("icons/icon-16.png")?.equals(icon)).toBe(true);
    expect(byName.get("assets/main.js")?.toString("utf8")).toBe("console.log('hi');\n".repeat(200));
    expect(entries.find((e) => e.name === "assets/main.js")?.method).toBe(8);
  });

  it("gives the same bytes for the same build, whatever the files' timestamps", async () => {
    const first = join(work, "first.zip");
    const second = join(work, "second.zip");
    await zipExtension(ext, { version: "1" }, first);
    await utimes(join(ext, "assets", "main.js"), new Date("2031-05-05"), new Date("2031-05-05"));
    await zipExtension(ext, { version: "1" }, second);
    const [a, b] = [await readFile(first), await readFile(second)];
    expect(a.equals(b)).toBe(true);
    const dates = new Set(readZip(a).map((e) => `${e.dosDate}/${e.dosTime}`));
    expect(dates.size).toBe(1);
  });
});
