/**
 * `npm run package`: the production extension, packaged two ways.
 * - release/hunkbridge-<version>-webstore.zip for the Chrome Web Store (no `key`, no `update_url`:
 *   the store rejects the first and sets the second itself);
 * - with a signing key, release/hunkbridge-<version>.crx and release/update.xml for self-hosting
 *   (force-installed by policy with ExtensionInstallForcelist "<id>;<base URL>/update.xml").
 *
 * Environment: HB_CRX_KEY (PEM content) or HB_CRX_KEY_FILE (a path outside the repo) for the key;
 * HB_UPDATE_BASE_URL (or --base-url) for where update.xml and the CRX will be served;
 * HB_OUT_DIR for the build directory (default dist/), HB_RELEASE_DIR (or --out) for the output.
 * Flags: --no-build packages dist/ as it is; --allow-new-id signs with a key whose id differs from
 * the manifest's pinned id (policies name the id, so that is a deliberate act).
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { signCrx, verifyCrx, writeUpdateXml } from "./packaging/crx.ts";
import { identityOfSigningKey, idFromManifestKey } from "./packaging/extension-id.ts";
import { loadSigningKey, withKeyFile } from "./packaging/signing-key.ts";
import { zipExtension } from "./packaging/zip.ts";
import { SANDBOX_HOSTS } from "./sandbox-hosts.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

type Manifest = Record<string, unknown> & { version: string; key?: string; minimum_chrome_version?: string };

const { values: args } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    "allow-new-id": { type: "boolean", default: false },
    "base-url": { type: "string" },
    out: { type: "string" },
  },
});

function build(): void {
  const vite = join(ROOT, "node_modules", ".bin", "vite");
  const result = spawnSync(vite, ["build", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

async function readManifest(distDir: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(join(distDir, "manifest.json"), "utf8")) as Manifest;
  // A sandbox build permits loopback hosts: never ship one.
  const hosts = (manifest.host_permissions as string[] | undefined) ?? [];
  const loopback = hosts.filter((h) => SANDBOX_HOSTS.includes(h));
  if (loopback.length > 0) {
    throw new Error(
      `${distDir} is a sandbox build (${loopback.join(", ")}): build with plain \`vite build\``,
    );
  }
  return manifest;
}

function baseUrlOf(value: string | undefined): string {
  if (!value) {
    throw new Error("a CRX needs the URL it will be served from: set HB_UPDATE_BASE_URL or pass --base-url");
  }
  const url = new URL(value);
  if (url.protocol !== "https:")
    throw new Error(`--base-url must be https (Chrome updates over https): ${value}`);
  return url.href.replace(/\/+$/, "");
}

const size = async (path: string) => `${Math.round((await stat(path)).size / 1024)} kB`;

async function main(): Promise<void> {
  const distDir = resolve(ROOT, process.env.HB_OUT_DIR ?? "dist");
  const releaseDir = resolve(ROOT, args.out ?? process.env.HB_RELEASE_DIR ?? "release");
  if (!args["no-build"]) build();
  const manifest = await readManifest(distDir);
  const { version } = manifest;
  await mkdir(releaseDir, { recursive: true });

  const { key: _key, update_url: _update, ...storeManifest } = manifest;
  const storeZip = join(releaseDir, `hunkbridge-${version}-webstore.zip`);
  await zipExtension(distDir, storeManifest, storeZip);
  console.log(`Web Store zip: ${storeZip} (${await size(storeZip)})`);

  const signingKey = await loadSigningKey(process.env, ROOT);
  if (!signingKey) {
    console.log("No HB_CRX_KEY or HB_CRX_KEY_FILE: no CRX made (the Web Store zip needs none).");
    return;
  }
  const baseUrl = baseUrlOf(args["base-url"] ?? process.env.HB_UPDATE_BASE_URL);
  const signer = identityOfSigningKey(signingKey.pem);
  const pinned = manifest.key ? idFromManifestKey(manifest.key) : null;
  if (pinned !== null && pinned !== signer.id && !args["allow-new-id"]) {
    throw new Error(
      `the key from ${signingKey.source} gives extension id ${signer.id}, but manifest.json pins ${pinned}. ` +
        "Policies (ExtensionInstallForcelist, 3rdparty.extensions) name the id: sign with the key that matches " +
        "the manifest `key`, or pass --allow-new-id and update every policy.",
    );
  }
  // Chrome takes a packed extension's id from the signing key; a `key` that disagrees would only mislead.
  const crxManifest: Manifest = { ...manifest, key: signer.manifestKey, update_url: `${baseUrl}/update.xml` };
  const crxName = `hunkbridge-${version}.crx`;
  const crxPath = join(releaseDir, crxName);
  const scratch = await mkdtemp(join(tmpdir(), "hb-package-"));
  try {
    const innerZip = join(scratch, "extension.zip");
    await zipExtension(distDir, crxManifest, innerZip);
    await withKeyFile(signingKey, (keyPath) => signCrx(innerZip, keyPath, crxPath));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const id = await verifyCrx(crxPath);
  if (id !== signer.id) throw new Error(`the CRX verifies as ${id}, expected ${signer.id}`);
  const updateXml = join(releaseDir, "update.xml");
  await writeUpdateXml(updateXml, {
    id,
    version,
    crxUrl: `${baseUrl}/${crxName}`,
    minChrome: manifest.minimum_chrome_version,
  });
  console.log(
    `CRX: ${crxPath} (${await size(crxPath)}), id ${id}, signed with ${signingKey.source}, verified`,
  );
  console.log(`Update manifest: ${updateXml}; serve both at ${baseUrl}/`);
  console.log(`ExtensionInstallForcelist entry: ${id};${baseUrl}/update.xml`);
}

main().catch((error: unknown) => {
  console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
