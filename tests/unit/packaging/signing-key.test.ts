import { generateKeyPairSync } from "node:crypto";
import { mkdir, mkdtemp, readFile, realpath, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSigningKey, withKeyFile } from "../../../scripts/packaging/signing-key.ts";
import { rsaKey } from "./helpers.ts";

// A stand-in repository in a temp dir: nothing is ever written into the real one.
let work: string;
let repo: string;
let outsideKey: string;
const key = rsaKey();

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), "hb-signing-key-test-")));
  repo = join(work, "repo");
  await mkdir(join(repo, "..keys"), { recursive: true });
  await mkdir(join(work, "repo-keys"));
  outsideKey = join(work, "repo-keys", "key.pem");
  await writeFile(outsideKey, key.pem);
  await writeFile(join(repo, "key.pem"), key.pem);
  await writeFile(join(repo, "..keys", "key.pem"), key.pem);
  await symlink(join(repo, "key.pem"), join(work, "link-into-repo.pem"));
  await symlink(repo, join(work, "repo-alias"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("loadSigningKey", () => {
  it("is null without HB_CRX_KEY or HB_CRX_KEY_FILE (blank counts as unset)", async () => {
    expect(await loadSigningKey({}, repo)).toBeNull();
    expect(await loadSigningKey({ HB_CRX_KEY: " \n", HB_CRX_KEY_FILE: "  " }, repo)).toBeNull();
  });

  it("takes the PEM from HB_CRX_KEY, ahead of HB_CRX_KEY_FILE", async () => {
    const loaded = await loadSigningKey({ HB_CRX_KEY: key.pem, HB_CRX_KEY_FILE: "/nonexistent.pem" }, repo);
    expect(loaded).toEqual({ pem: key.pem, source: "HB_CRX_KEY" });
  });

  it("reads HB_CRX_KEY_FILE outside the repository, including a sibling whose name starts like it", async () => {
    expect(await loadSigningKey({ HB_CRX_KEY_FILE: outsideKey }, repo)).toEqual({
      pem: key.pem,
      source: `HB_CRX_KEY_FILE (${outsideKey})`,
    });
  });

  it.each([
    ["a file in it", () => join(repo, "key.pem")],
    ["a path that only leaves and re-enters it", () => join(repo, "sub", "..", "key.pem")],
    ["the repository itself", () => repo],
    ["a file that doesn't exist (refused before reading)", () => join(repo, "missing.pem")],
    ["a file in a folder named `..keys`", () => join(repo, "..keys", "key.pem")],
    ["a symlink outside that points into it", () => join(work, "link-into-repo.pem")],
    ["a file reached through a symlink to it", () => join(work, "repo-alias", "key.pem")],
  ])("refuses HB_CRX_KEY_FILE naming %s", async (_what, path) => {
    await expect(loadSigningKey({ HB_CRX_KEY_FILE: path() }, repo)).rejects.toThrow(
      /HB_CRX_KEY_FILE points into the repository .*keep the signing key outside it/,
    );
  });

  it("reports a missing key file outside the repository as missing", async () => {
    await expect(loadSigningKey({ HB_CRX_KEY_FILE: join(work, "nowhere.pem") }, repo)).rejects.toThrow(
      /ENOENT/,
    );
  });

  it("refuses content that is not a PEM private key, naming the source", async () => {
    await expect(loadSigningKey({ HB_CRX_KEY: "not a key" }, repo)).rejects.toThrow(
      /^HB_CRX_KEY is not a PEM private key/,
    );
    const publicOnly = join(work, "public.pem");
    await writeFile(
      publicOnly,
      generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({
        type: "spki",
        format: "pem",
      }) as string,
    );
    await expect(loadSigningKey({ HB_CRX_KEY_FILE: publicOnly }, repo)).rejects.toThrow(
      `HB_CRX_KEY_FILE (${publicOnly}) is not a PEM private key`,
    );
  });

  it("refuses a non-RSA key (CRX3 proofs here are RSA-SHA256)", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    }) as string;
    await expect(loadSigningKey({ HB_CRX_KEY: ec }, repo)).rejects.toThrow("HB_CRX_KEY must be an RSA key");
  });
});

describe("withKeyFile", () => {
  it("gives `use` a private (0600) file holding the key, and removes it afterwards", async () => {
    let seen = "";
    const result = await withKeyFile({ pem: key.pem, source: "test" }, async (path) => {
      seen = path;
      expect(await readFile(path, "utf8")).toBe(key.pem);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      return 42;
    });
    expect(result).toBe(42);
    await expect(stat(seen)).rejects.toThrow(/ENOENT/);
  });

  it("removes the file when `use` fails too", async () => {
    let seen = "";
    await expect(
      withKeyFile({ pem: key.pem, source: "test" }, async (path) => {
        seen = path;
        throw new Error("signing failed");
      }),
    ).rejects.toThrow("signing failed");
    expect(seen).not.toBe("");
    await expect(stat(seen)).rejects.toThrow(/ENOENT/);
  });
});
