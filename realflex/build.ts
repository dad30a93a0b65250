/**
 * Bundles Flex's real UI (@twilio/flex-ui 2.17.1, React 17) and HunkBridge's own Actions listeners
 * into one page, realflex/dist/{index.html,bundle.js}, for tests/realflex (issues #13 and #14).
 * Run from the repo root: `npx tsx realflex/build.ts` (after `npm ci --prefix realflex`).
 *
 * Flex ships one minified UMD bundle that leaves ~240 modules external, so it must be bundled
 * (docs/flex-apis.md, "Measured"; shared/reference/real-flex-ui.md). esbuild comes from the main
 * tree; Flex and React resolve from realflex/node_modules, our sources (content-scripts/, src/)
 * and their `valibot` from the main node_modules, each by Node's walk up from the importing file.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const flexBundle = join(here, "node_modules/@twilio/flex-ui/bundle/twilio-flex.prod.js");

/**
 * The one change to Flex's code: expose its internal FlexModule singleton as
 * window.__FlexModuleForTest. Flex's action bodies call FlexModule.workerClient (twilio-taskrouter's
 * Worker), which has a setter there; Manager's workerClient is a getter only. Fails the build if
 * the 2.17.1 text is not found exactly once (another Flex version needs a new needle).
 */
const NEEDLE = "e.events=new a.FlexEventEmitter,e}();t.FlexModule=l}";
const exposeFlexModule: Plugin = {
  name: "expose-flexmodule",
  setup(b) {
    b.onLoad({ filter: /twilio-flex\.prod\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (args.path !== flexBundle) return { contents: source, loader: "js" };
      if (source.split(NEEDLE).length !== 2) throw new Error("FlexModule needle not found exactly once");
      const exposed = `${NEEDLE.slice(0, -1)};if(typeof window!=="undefined")window.__FlexModuleForTest=l}`;
      return { contents: source.replace(NEEDLE, exposed), loader: "js" };
    });
  },
};

const started = Date.now();
mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: [join(here, "page/entry.ts")],
  outfile: join(dist, "bundle.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "chrome120",
  // Minified: Chromium parses 18 MB much faster than 33 MB, and the page load is the test's cost.
  minify: true,
  logLevel: "warning",
  // Node built-ins some of Flex's dependencies reach for: mime-types only needs path.extname.
  alias: { path: join(here, "page/shim-path.ts") },
  inject: [join(here, "page/shim-process.ts")],
  define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
  plugins: [exposeFlexModule],
});
writeFileSync(
  join(dist, "index.html"),
  '<!doctype html><html><head><meta charset="utf-8"><title>realflex</title></head>' +
    '<body><script src="/bundle.js"></script></body></html>\n',
);
const megabytes = (statSync(join(dist, "bundle.js")).size / 1e6).toFixed(1);
console.log(
  `realflex: dist/bundle.js ${megabytes} MB in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    (result.warnings.length ? `, ${result.warnings.length} warnings` : ""),
);
