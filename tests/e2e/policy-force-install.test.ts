/**
 * The admin deployment path end to end (docs/admin.md §2 and §4): the production build packaged by
 * `npm run package` into a signed CRX and update.xml, served from a local https server, and installed
 * by Chromium itself through the ExtensionInstallForcelist policy. Nothing is installed over the pipe.
 *
 * package.ts only accepts an https base URL, so the server uses a throwaway self-signed certificate
 * for 127.0.0.1 (made with openssl) that the policy CACertificates trusts. The policy also sets
 * DeveloperToolsAvailability 1: by default Chromium blocks DevTools for force-installed extensions,
 * and puppeteer would never see the service worker. Chromium's extension updater does not run under
 * --disable-background-networking, so that flag is dropped here (the network is closed anyway).
 */
import { spawn } from "node:child_process";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../driver/chromium.ts";
import { eventually } from "../../driver/index.ts";
import { POLICY_DIR, policySuiteOptedOut, requirePolicyWriter } from "../../driver/policy.ts";
import { type HttpsFolder, serveOverHttps } from "./support/self-hosted.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "node_modules", ".bin");
const TOKEN_URL = "https://tokens.example/token";

/** The parent's environment without anything that would steer the build or the packaging. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("HB_") && !k.startsWith("VITEST") && k !== "NODE_ENV",
    ),
  );
  return { ...env, ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", fail);
    child.on("close", (status) =>
      status === 0 ? done(out) : fail(new Error(`${basename(command)} ${args.join(" ")}:\n${out}`)),
    );
  });
}

/** Chrome's id for a packed extension: the SHA-256 of the public key, first 16 bytes, spelled a–p. */
const idOfPublicKey = (spkiDer: Buffer) =>
  [...createHash("sha256").update(spkiDer).digest().subarray(0, 16).toString("hex")]
    .map((h) => String.fromCharCode(97 + Number.parseInt(h, 16)))
    .join("");

const SUITE = "force-install of the self-hosted CRX by policy";

// Needs root (Chromium reads policy from /etc only): without it the suite fails and says so
// (HB_SKIP_POLICY_TESTS=1 skips it, loudly).
describe.skipIf(policySuiteOptedOut(SUITE))(SUITE, () => {
  let work: string;
  let https: HttpsFolder;
  let baseUrl: string;
  let extensionId: string;

  beforeAll(async () => {
    requirePolicyWriter(SUITE, "root");
    work = await mkdtemp(join(tmpdir(), "hb-force-install-"));
    const [dist, release] = [join(work, "dist"), join(work, "release")];

    // TLS for 127.0.0.1: one self-signed certificate, trusted through the policy below.
    https = await serveOverHttps(release, work);
    baseUrl = https.baseUrl;

    // A throwaway signing key: a new extension id, hence --allow-new-id.
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    extensionId = idOfPublicKey(publicKey.export({ type: "spki", format: "der" }));
    const signingKey = join(work, "signing-key.pem");
    await writeFile(signingKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });

    await run(join(BIN, "vite"), ["build", "--logLevel", "error"], cleanEnv({ HB_OUT_DIR: dist }));
    const packaged = await run(
      join(BIN, "tsx"),
      ["scripts/package.ts", "--no-build", "--allow-new-id", "--out", release, "--base-url", `${baseUrl}/`],
      cleanEnv({ HB_OUT_DIR: dist, HB_CRX_KEY_FILE: signingKey, TMPDIR: work }),
    );
    expect(packaged).toContain(`ExtensionInstallForcelist entry: ${extensionId};${baseUrl}/update.xml`);
  }, 60_000);

  afterAll(async () => {
    // beforeAll may have failed before the server existed: nothing to close then.
    await https?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("Chromium installs the CRX from update.xml, runs it, and hands it the managed policy", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    const { certificate } = https;
    await mkdir(POLICY_DIR, { recursive: true });
    const policyFile = join(POLICY_DIR, `hunkbridge-test-${randomUUID()}.json`);
    const profile = join(work, "profile");
    let browser: Browser | undefined;
    try {
      await writeFile(
        policyFile,
        JSON.stringify({
          ExtensionInstallForcelist: [`${extensionId};${baseUrl}/update.xml`],
          CACertificates: [certificate],
          DeveloperToolsAvailability: 1,
          "3rdparty": { extensions: { [extensionId]: { tokenUrl: TOKEN_URL } } },
        }),
      );
      browser = await puppeteer.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        pipe: true,
        enableExtensions: true,
        userDataDir: profile,
        args: CHROMIUM_ARGS.filter((a) => a !== "--disable-background-networking"),
        ignoreDefaultArgs: ["--disable-background-networking"],
      });
      const target = await browser.waitForTarget(
        (t) => t.type() === "service_worker" && t.url().startsWith(`chrome-extension://${extensionId}/`),
        { timeout: 30_000 },
      );
      const worker = await target.worker();
      if (!worker) throw new Error("the extension's service worker has no worker handle");
      expect(https.served).toEqual(expect.arrayContaining(["update.xml", `hunkbridge-${version}.crx`]));

      // The policy reaches the extension a few seconds after it starts (docs/admin.md §1). A read
      // that throws (the worker's globals not there yet) is read again.
      const seen = await eventually(
        () =>
          worker.evaluate(async () => ({
            version: chrome.runtime.getManifest().version,
            updateUrl: chrome.runtime.getManifest().update_url,
            managed: await chrome.storage.managed.get(),
          })),
        (s) => s.managed.tokenUrl !== undefined,
        { what: "the managed policy in the extension", timeoutMs: 15_000, intervalMs: 250 },
      );
      expect(seen).toEqual({
        version,
        updateUrl: `${baseUrl}/update.xml`,
        managed: { tokenUrl: TOKEN_URL },
      });

      // Only the admin sets where tokens and client data go (issue #24): a value saved as the
      // options page saves it (storage.local "options") is ignored by the production build, and
      // the page shows those keys locked, from policy or the build's default.
      await worker.evaluate(() =>
        chrome.storage.local.set({ options: { hunkwareUrl: "https://evil.example", reviewSeconds: 20 } }),
      );
      const options = await browser.newPage();
      await options.goto(`chrome-extension://${extensionId}/options/index.html`);
      await options.waitForSelector('[data-testid="hb-admin-keys-note"]');
      const fields = await options.$$eval("[data-key]", (els) =>
        Object.fromEntries(
          els.map((el) => [
            (el as HTMLElement).dataset.key,
            {
              locked: (el as HTMLElement).dataset.locked,
              value:
                el.querySelector<HTMLInputElement | HTMLTextAreaElement>("input, textarea")?.value ?? null,
              ignored: !!el.querySelector('[data-problem="ignored"]'),
            },
          ]),
        ),
      );
      expect(fields.tokenUrl).toMatchObject({ locked: "true", value: TOKEN_URL });
      expect(fields.hunkwareUrl).toMatchObject({
        locked: "true",
        value: "https://hunkware.chhj.com",
        ignored: true,
      });
      for (const key of ["flexOrigins", "fieldMap", "customerServiceTarget"]) {
        expect(fields[key]?.locked, key).toBe("true");
      }
      // The agent's own preference is theirs.
      expect(fields.reviewSeconds).toMatchObject({ locked: "false", value: "20" });
    } finally {
      await browser?.close().catch(() => {});
      await rm(policyFile, { force: true });
    }
  }, 60_000);
});
