/**
 * A copy of a build as the build of another version would be: the manifest's version, and the
 * version the MAIN-world scripts know themselves by (vite.config.ts's __HB_VERSION__, one exact
 * "hb-version:<version>" string in the bundle). A real release is built afresh with its version;
 * this makes one without a second build.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { filesUnder } from "../../../scripts/packaging/zip.ts";

export async function buildAsVersion(buildDir: string, version: string, outDir: string): Promise<void> {
  await cp(buildDir, outDir, { recursive: true });
  const manifestPath = join(outDir, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { version: string };
  const from = `hb-version:${manifest.version}`;
  let stamped = 0;
  for (const name of await filesUnder(outDir)) {
    if (!name.endsWith(".js")) continue;
    const text = await readFile(join(outDir, name), "utf8");
    if (!text.includes(from)) continue;
    await writeFile(join(outDir, name), text.replaceAll(from, `hb-version:${version}`));
    stamped++;
  }
  // The MAIN-world scripts carry it: a build without it is not what this copies.
  if (stamped === 0) throw new Error(`no script in ${buildDir} carries "${from}"`);
  await writeFile(manifestPath, JSON.stringify({ ...manifest, version }, null, 2));
}
