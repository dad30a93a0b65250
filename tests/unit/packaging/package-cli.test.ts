/**
 * `npm run package` end to end: scripts/package.ts as a child process, on real production and sandbox
 * builds made once into a temp dir (HB_OUT_DIR), writing into temp dirs (--out / HB_RELEASE_DIR).
 * Nothing is written into the repository.
 */
import { spawn } from "node:child_process";
import { createVerify } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesUnder } from "../../../scripts/packaging/zip.ts";
import { chromeId, parseCrx, readZip, rsaKey, signedPayload, spellId, zipManifest } from "./helpers.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = join(ROOT, "node_modules", ".bin");
const PINNED_ID = "ofknpifobakjhobajpenccalbkbdjghh";
const BASE_URL = "https://updates.example.com/hunkbridge";

type Run = { status: number | null; stdout: string; stderr: string };

/** The parent's environment without anything that would steer the build or the packaging. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("HB_") && !k.startsWith("VITEST") && k !== "NODE_ENV",
    ),
  );
  return { ...env, ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

async function viteBuild(outDir: string, mode?: string): Promise<void> {
  const args = ["build", "--logLevel", "error", ...(mode ? ["--mode", mode] : [])];
  const result = await run(join(BIN, "vite"), args, cleanEnv({ HB_OUT_DIR: outDir }));
  if (result.status !== 0) throw new Error(`vite build ${mode ?? ""} failed:\n${result.stderr}`);
}

let work: string;
let dist: string;
let sandboxDist: string;
let childTmp: string;
let outCount = 0;

/** Runs `tsx scripts/package.ts --no-build …` on `distDir`; TMPDIR is ours, to see what it leaves. */
function packageScript(distDir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return run(
    join(BIN, "tsx"),
    ["scripts/package.ts", "--no-build", ...args],
    cleanEnv({ HB_OUT_DIR: distDir, TMPDIR: childTmp, ...env }),
  );
}

const newOut = () => join(work, `release-${++outCount}`);
const listing = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort();

async function writeKeyOutsideRepo(pem: string): Promise<string> {
  const path = join(work, `key-${++outCount}.pem`);
  await writeFile(path, pem, { mode: 0o600 });
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "hb-package-cli-test-"));
  dist = join(work, "dist");
  sandboxDist = join(work, "dist-sandbox");
  childTmp = join(work, "tmp");
  await mkdir(childTmp);
  await viteBuild(dist);
  await viteBuild(sandboxDist, "sandbox");
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("scripts/package.ts", { timeout: 20_000 }, () => {
  it("without a key, writes only the Web Store zip: every built file, manifest without key/update_url", async () => {
    const out = newOut();
    const result = await packageScript(dist, ["--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("no CRX made");

    const built = JSON.parse(await readFile(join(dist, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(built.key).toBeTypeOf("string"); // the build keeps the pinned key; the store zip must drop it
    const zipName = `hunkbridge-${built.version}-webstore.zip`;
    expect(await listing(out)).toEqual([zipName]);

    const zip = await readFile(join(out, zipName));
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(await filesUnder(dist));
    for (const entry of entries.filter((e) => e.name !== "manifest.json")) {
      expect(entry.data.equals(await readFile(join(dist, entry.name))), entry.name).toBe(true);
    }
    const manifest = zipManifest(zip);
    expect(manifest).not.toHaveProperty("key");
    expect(manifest).not.toHaveProperty("update_url");
    const { key: _key, ...rest } = built;
    expect(manifest).toEqual(rest);
  });

  it("with a new key and --allow-new-id, signs a CRX3 for that key's id and writes update.xml", async () => {
    const out = newOut();
    const key = rsaKey();
    const id = chromeId(key.spki);
    expect(id).not.toBe(PINNED_ID);
    // Key as PEM content, output dir and base URL (trailing slash) from the environment.
    const result = await packageScript(dist, ["--allow-new-id"], {
      HB_CRX_KEY: key.pem,
      HB_RELEASE_DIR: out,
      HB_UPDATE_BASE_URL: `${BASE_URL}/`,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`ExtensionInstallForcelist entry: ${id};${BASE_URL}/update.xml`);
    expect(await listing(out)).toEqual([
      "hunkbridge-0.1.0-webstore.zip",
      "hunkbridge-0.1.0.crx",
      "update.xml",
    ]);
    // The key went to a temporary file for crx3 and is gone; so is the scratch zip.
    expect((await listing(childTmp)).filter((n) => n.startsWith("hb-"))).toEqual([]);

    const crx = parseCrx(await readFile(join(out, "hunkbridge-0.1.0.crx")));
    expect(crx.magic).toBe("Cr24");
    expect(crx.version).toBe(3);
    expect(spellId(crx.crxId)).toBe(id);
    expect(crx.rsaProofs).toHaveLength(1);
    const [proof] = crx.rsaProofs;
    expect(proof?.publicKey.equals(key.spki)).toBe(true);
    expect(chromeId(proof?.publicKey ?? Buffer.alloc(0))).toBe(id);
    const verified = createVerify("sha256")
      .update(signedPayload(crx.signedHeaderData, crx.archive))
      .verify({ key: key.spki, format: "der", type: "spki" }, proof?.signature ?? Buffer.alloc(0));
    expect(verified).toBe(true);

    // Inside the CRX: the same files, the manifest carrying the signer's key and the update URL.
    const entries = readZip(crx.archive);
    expect(entries.map((e) => e.name)).toEqual(await filesUnder(dist));
    const inner = zipManifest(crx.archive);
    expect(inner.key).toBe(key.spki.toString("base64"));
    expect(inner.update_url).toBe(`${BASE_URL}/update.xml`);
    expect(inner.version).toBe("0.1.0");

    const store = zipManifest(await readFile(join(out, "hunkbridge-0.1.0-webstore.zip")));
    expect(store).not.toHaveProperty("key");
    expect(store).not.toHaveProperty("update_url");

    const xml = await readFile(join(out, "update.xml"), "utf8");
    expect(xml).toMatch(new RegExp(`<app appid="${id}">`));
    const check = xml.match(/<updatecheck ([^>]*)\/>/)?.[1] ?? "";
    expect(Object.fromEntries([...check.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))).toEqual({
      codebase: `${BASE_URL}/hunkbridge-0.1.0.crx`,
      version: "0.1.0",
      prodversionmin: "121",
    });
  });

  it("with the key the manifest pins, signs without --allow-new-id", async () => {
    // A copy of the build whose manifest pins our throwaway key stands in for the real key.
    const key = rsaKey();
    const rekeyed = join(work, "dist-rekeyed");
    await cp(dist, rekeyed, { recursive: true });
    const manifestPath = join(rekeyed, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, unknown>;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, key: key.spki.toString("base64") }));
    const out = newOut();
    const result = await packageScript(rekeyed, ["--out", out, "--base-url", BASE_URL], {
      HB_CRX_KEY_FILE: await writeKeyOutsideRepo(key.pem),
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const crx = parseCrx(await readFile(join(out, "hunkbridge-0.1.0.crx")));
    expect(spellId(crx.crxId)).toBe(chromeId(key.spki));
    expect(await readFile(join(out, "update.xml"), "utf8")).toContain(`appid="${chromeId(key.spki)}"`);
  });

  it("refuses a key whose id is not the pinned one without --allow-new-id, and writes no CRX", async () => {
    const key = rsaKey();
    const out = newOut();
    const result = await packageScript(dist, ["--out", out, "--base-url", BASE_URL], {
      HB_CRX_KEY_FILE: await writeKeyOutsideRepo(key.pem),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `gives extension id ${chromeId(key.spki)}, but manifest.json pins ${PINNED_ID}`,
    );
    expect(result.stderr).toContain("--allow-new-id");
    expect((await listing(out)).filter((n) => n.endsWith(".crx") || n === "update.xml")).toEqual([]);
  });

  it("refuses a sandbox build and writes nothing", async () => {
    const sandboxHosts = (
      JSON.parse(await readFile(join(sandboxDist, "manifest.json"), "utf8")) as { host_permissions: string[] }
    ).host_permissions;
    expect(sandboxHosts).toContain("http://127.0.0.1/*"); // it is a sandbox build
    const out = newOut();
    const result = await packageScript(
      sandboxDist,
      ["--out", out, "--allow-new-id", "--base-url", BASE_URL],
      {
        HB_CRX_KEY: rsaKey().pem,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/is a sandbox build \(http:\/\/127\.0\.0\.1\/\*, http:\/\/localhost\/\*\)/);
    expect(await listing(out)).toEqual([]);
  });

  it("refuses a key file inside the repository and writes no CRX", async () => {
    const out = newOut();
    // Never created: the path alone must be refused, before anything is read.
    const inRepo = join(ROOT, "release", "hunkbridge-signing.pem");
    const result = await packageScript(dist, ["--out", out, "--allow-new-id", "--base-url", BASE_URL], {
      HB_CRX_KEY_FILE: inRepo,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "HB_CRX_KEY_FILE points into the repository (release/hunkbridge-signing.pem): keep the signing key outside it",
    );
    expect((await listing(out)).filter((n) => n.endsWith(".crx") || n === "update.xml")).toEqual([]);
  });

  it("refuses to sign without an https base URL for update.xml", async () => {
    const key = rsaKey().pem;
    const missing = await packageScript(dist, ["--out", newOut(), "--allow-new-id"], { HB_CRX_KEY: key });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("set HB_UPDATE_BASE_URL or pass --base-url");
    const out = newOut();
    const http = await packageScript(
      dist,
      ["--out", out, "--allow-new-id", "--base-url", "http://u.example.com"],
      {
        HB_CRX_KEY: key,
      },
    );
    expect(http.status).not.toBe(0);
    expect(http.stderr).toContain("--base-url must be https");
    expect((await listing(out)).filter((n) => n.endsWith(".crx") || n === "update.xml")).toEqual([]);
  });
});
