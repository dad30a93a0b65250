/**
 * The CRX signing key comes from the environment, never from the repository: HB_CRX_KEY holds the
 * PEM itself (a CI secret), HB_CRX_KEY_FILE names a file outside the repo. crx3 reads keys only
 * from a file, so a key given as content is written to a private temporary file (mode 0600) that
 * is deleted right after signing.
 */
import { createPrivateKey } from "node:crypto";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

export type SigningKey = { pem: string; source: string };

export async function loadSigningKey(env: NodeJS.ProcessEnv, repoRoot: string): Promise<SigningKey | null> {
  if (env.HB_CRX_KEY?.trim()) return checked(env.HB_CRX_KEY, "HB_CRX_KEY");
  const file = env.HB_CRX_KEY_FILE?.trim();
  if (!file) return null;
  const path = resolve(file);
  // As written (so a missing file in the repo is refused, not reported missing), then as resolved
  // on disk (so a symlink from outside into the repo, or a path through one, is refused too).
  refuseInside(repoRoot, path);
  refuseInside(await realpath(repoRoot), await realpath(path));
  return checked(await readFile(path, "utf8"), `HB_CRX_KEY_FILE (${path})`);
}

function refuseInside(repoRoot: string, path: string): void {
  const inside = relative(repoRoot, path);
  // "..keys/key.pem" is inside; only ".." itself, "../…" or another root (Windows drive) is outside.
  const outside = inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  if (!outside) {
    throw new Error(
      `HB_CRX_KEY_FILE points into the repository (${inside || "."}): keep the signing key outside it`,
    );
  }
}

function checked(pem: string, source: string): SigningKey {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${source} is not a PEM private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== "rsa")
    throw new Error(`${source} must be an RSA key (CRX3 signs with RSA-SHA256)`);
  return { pem, source };
}

/** Runs `use` with the key in a private temporary file, and always removes it. */
export async function withKeyFile<T>(key: SigningKey, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "hb-crx-key-"));
  const path = join(dir, "key.pem");
  try {
    await writeFile(path, key.pem, { mode: 0o600, flag: "wx" });
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
