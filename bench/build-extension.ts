/**
 * The sandbox extension the browser benchmarks load: HB_EXTENSION_DIR when set (reuse a build),
 * else a fresh `vite build --mode sandbox` into a temporary directory, removed by `cleanup()`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function buildExtension(): { dir: string; cleanup(): void } {
  if (process.env.HB_EXTENSION_DIR) return { dir: process.env.HB_EXTENSION_DIR, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), "hb-bench-"));
  console.log(`building the sandbox extension into ${dir} …`);
  execFileSync("npx", ["vite", "build", "--mode", "sandbox", "--logLevel", "error"], {
    env: { ...process.env, HB_OUT_DIR: dir },
    stdio: "inherit",
  });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
