/**
 * A self-hosted release of the extension, served the way docs/admin.md §2 has an admin serve one:
 * CRXs signed with one key and an update.xml, over https, here from 127.0.0.1 with a throwaway
 * certificate that the policy's CACertificates makes Chromium trust; and the policies that
 * force-install it from there. Packed with the same code as `npm run package` (scripts/packaging/),
 * from any build: the update tests publish the sandbox build as version N, then N+1.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import type { ForceInstalled } from "../../../driver/index.ts";
import { signCrx, verifyCrx, writeUpdateXml } from "../../../scripts/packaging/crx.ts";
import { identityOfSigningKey } from "../../../scripts/packaging/extension-id.ts";
import { zipExtension } from "../../../scripts/packaging/zip.ts";
import { buildAsVersion } from "./build-as-version.ts";

export interface HttpsFolder {
  /** https://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  /** The server's certificate, base64 DER, as the CACertificates policy takes it. */
  certificate: string;
  /** The paths asked for, in order (the updater's query strings left off). */
  served: string[];
  close(): Promise<void>;
}

/** Serves the files of `dir` over https from 127.0.0.1, at a port the OS picks. */
export async function serveOverHttps(dir: string, work: string): Promise<HttpsFolder> {
  const [tlsKey, tlsCert] = [join(work, "tls-key.pem"), join(work, "tls-cert.pem")];
  const req =
    "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1";
  const openssl = spawnSync("openssl", [...req.split(" "), "-keyout", tlsKey, "-out", tlsCert], {
    encoding: "utf8",
  });
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.error ?? openssl.stderr}`);
  const served: string[] = [];
  const server: Server = createServer(
    { key: await readFile(tlsKey), cert: await readFile(tlsCert) },
    (req, res) => {
      // The updater adds a query string (?os=…&x=id%3D…) to the update URL: serve by path alone.
      const name = new URL(req.url ?? "/", "https://127.0.0.1").pathname.slice(1);
      served.push(name);
      const type = name.endsWith(".crx") ? "application/x-chrome-extension" : "text/xml";
      readFile(join(dir, basename(name))).then(
        (body) => res.writeHead(200, { "content-type": type }).end(body),
        () => res.writeHead(404).end(),
      );
    },
  );
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const certificate = (await readFile(tlsCert, "utf8")).replace(/-----[A-Z ]+-----|\s/g, "");
  return {
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certificate,
    served,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

/** `extensionId`: from the throwaway signing key, not the manifest's pinned one. */
export interface SelfHostedRelease extends ForceInstalled {
  https: HttpsFolder;
  /** Signs the build in `buildDir` as `version` and has update.xml offer it from now on. */
  publish(buildDir: string, version: string): Promise<void>;
  close(): Promise<void>;
}

/** A release folder under `work`, served over https, signed with a key made for it. */
export async function startSelfHostedRelease(work: string): Promise<SelfHostedRelease> {
  const dir = join(work, "release");
  await mkdir(dir, { recursive: true });
  const https = await serveOverHttps(dir, work);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const keyPath = join(work, "signing-key.pem");
  await writeFile(keyPath, pem, { mode: 0o600 });
  const signer = identityOfSigningKey(pem);
  return {
    extensionId: signer.id,
    https,
    async publish(buildDir, version) {
      // The build as that version's build would be, then signed as `npm run package` signs one.
      const versioned = join(work, `build-${version}`);
      await buildAsVersion(buildDir, version, versioned);
      const manifest = JSON.parse(await readFile(join(versioned, "manifest.json"), "utf8")) as Record<
        string,
        unknown
      >;
      const crxName = `hunkbridge-${version}.crx`;
      const zip = join(work, `hunkbridge-${version}.zip`);
      // As `npm run package` makes it: the signer's key and the update URL in the manifest.
      await zipExtension(
        versioned,
        { ...manifest, version, key: signer.manifestKey, update_url: `${https.baseUrl}/update.xml` },
        zip,
      );
      await signCrx(zip, keyPath, join(dir, crxName));
      const id = await verifyCrx(join(dir, crxName));
      if (id !== signer.id) throw new Error(`the CRX verifies as ${id}, expected ${signer.id}`);
      await writeUpdateXml(join(dir, "update.xml"), {
        id,
        version,
        crxUrl: `${https.baseUrl}/${crxName}`,
        minChrome: manifest.minimum_chrome_version as string | undefined,
      });
    },
    browserPolicies: () => ({
      ExtensionInstallForcelist: [`${signer.id};${https.baseUrl}/update.xml`],
      CACertificates: [https.certificate],
      // Chromium blocks DevTools for force-installed extensions by default: puppeteer needs them.
      DeveloperToolsAvailability: 1,
    }),
    close: () => https.close(),
  };
}
