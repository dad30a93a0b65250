/**
 * Built size of each entry of the production extension: the service worker, each content script,
 * the popup and the options page, each with every chunk it loads (raw and gzip). Prints figures;
 * asserts nothing.
 *
 *   npx tsx bench/sizes.ts            builds `vite build` into a temp dir first
 *   HB_PROD_DIR=dist npx tsx bench/sizes.ts   measures an existing build
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, relative } from "node:path";
import { gzipSync } from "node:zlib";

export interface EntrySize {
  entry: string;
  files: number;
  bytes: number;
  gzipBytes: number;
}

/** A file and everything it imports statically (ES chunks) or loads (HTML script/link tags). */
function closure(root: string, start: string, seen = new Set<string>()): Set<string> {
  const path = normalize(start);
  if (seen.has(path) || !existsSync(join(root, path))) return seen;
  seen.add(path);
  const text = readFileSync(join(root, path), "utf8");
  const refs = path.endsWith(".html")
    ? [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string)
    : [...text.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)].map((m) => m[1] as string);
  for (const ref of refs) {
    const target = ref.startsWith("/") ? ref.slice(1) : join(dirname(path), ref);
    closure(root, target, seen);
  }
  return seen;
}

function measure(root: string, entry: string, files: Set<string>): EntrySize {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const data = readFileSync(join(root, file));
    bytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
  }
  return { entry, files: files.size, bytes, gzipBytes };
}

export function entrySizes(root: string): EntrySize[] {
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as {
    background: { service_worker: string };
    action: { default_popup: string };
    options_ui: { page: string };
  };
  const sizes = [
    measure(root, "service worker", closure(root, manifest.background.service_worker)),
    measure(root, "popup", closure(root, manifest.action.default_popup)),
    measure(root, "options page", closure(root, manifest.options_ui.page)),
  ];
  // Content scripts are self-contained IIFE files, registered at run time.
  const scriptsDir = join(root, "content-scripts");
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  for (const file of walk(scriptsDir)
    .filter((f) => f.endsWith(".js"))
    .sort()) {
    const rel = relative(root, file);
    sizes.push(measure(root, `content script ${relative("content-scripts", rel)}`, new Set([rel])));
  }
  return sizes;
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

/** Issue #11's budgets, gzip, each entry with every chunk it loads. */
export const GZIP_TARGET_KB: Record<string, number> = {
  "service worker": 90,
  popup: 30,
  "options page": 35,
  "content script flex/overlays/main.js": 15,
  "content script hunkware/main.js": 8,
};

/**
 * What issue #11 measured when it was filed (gzip): the reference the diet is read against. A size
 * has no same-run baseline short of building the old code; these are the figures it replaced.
 */
export const GZIP_AT_FILING_KB: Record<string, number> = {
  "service worker": 108,
  popup: 50,
  "content script flex/overlays/main.js": 40,
};

function verdict(entry: EntrySize): string {
  const target = GZIP_TARGET_KB[entry.entry];
  if (target === undefined) return "";
  const over = entry.gzipBytes / 1024 - target;
  return `≤ ${target} kB ${over <= 0 ? "met" : `over by ${over.toFixed(1)} kB`}`;
}

function main(): void {
  let root = process.env.HB_PROD_DIR;
  let cleanup = () => {};
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), "hb-prod-"));
    execFileSync("npx", ["vite", "build", "--logLevel", "error"], {
      env: { ...process.env, HB_OUT_DIR: dir },
      stdio: "inherit",
    });
    root = dir;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    console.log("\nBuilt size per entry (production build, each entry with every chunk it loads)");
    console.log(
      `${"entry".padEnd(40)} ${"files".padStart(5)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"at #11".padStart(8)}  target (gzip)`,
    );
    for (const s of entrySizes(root)) {
      console.log(
        `${s.entry.padEnd(40)} ${String(s.files).padStart(5)} ${kB(s.bytes).padStart(10)} ${kB(s.gzipBytes).padStart(10)} ${(GZIP_AT_FILING_KB[s.entry] === undefined ? "" : `${GZIP_AT_FILING_KB[s.entry]} kB`).padStart(8)}  ${verdict(s)}`,
      );
    }
  } finally {
    cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
