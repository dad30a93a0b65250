/**
 * Bundles Flex's real UI (@twilio/flex-ui 2.17.1, React 17) into two pages, for the tests only:
 * - realflex/dist/{index.html,bundle.js}: Flex booted offline with fake SDK objects and HunkBridge's
 *   own Actions listeners beside it, for tests/realflex (issues #13 and #14);
 * - realflex/dist/fixture.js: the real-Flex fixture page (page/fixture/), Flex's own UI fed by the
 *   TaskRouter emulator, served by sandbox/fixtures at the Flex origin (`flexUi: "real"`).
 * Run from the repo root: `npx tsx realflex/build.ts` (after `npm ci --prefix realflex --ignore-scripts`).
 *
 * Flex ships one minified UMD bundle that leaves ~240 modules external, so it must be bundled
 * (docs/flex-apis.md, "Running Flex's real UI offline"). esbuild comes from the main
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
 * The only changes to Flex's code: three of its internal singletons exposed on `window`, each after
 * the statement that creates it. Fails the build if a needle is not found exactly once in the 2.17.1
 * text (another Flex version needs new needles).
 * - FlexModule as __FlexModuleForTest: Flex's action bodies call FlexModule.workerClient (a
 *   twilio-taskrouter Worker), which has a setter there; Manager's workerClient is a getter only.
 * - FlexClientManager as __FlexClientManagerForTest: its initTaskRouterSDK(token) and initCBMSDK(token)
 *   are how Flex makes its TaskRouter and Interactions clients; the fixture page calls them
 *   (page/fixture/clients.ts);
 * - ConferenceListenerManager as __ConferenceListenerManagerForTest: Flex initializes it once its Sync
 *   client connects, which the fixture page has none of (page/fixture/interactions.ts).
 */
const EXPOSED: Array<{ needle: string; name: string; value: string }> = [
  { needle: "e.events=new a.FlexEventEmitter,e}();t.FlexModule=l}", name: "__FlexModuleForTest", value: "l" },
  {
    needle: "t.FlexClientManager=new r.FlexClientManagerImpl}",
    name: "__FlexClientManagerForTest",
    value: "t.FlexClientManager",
  },
  {
    needle:
      "e.conferenceWrappers=new Map,e.requestedSids=new Map,e.initialized=!1,e}();t.ConferenceListenerManager=d}",
    name: "__ConferenceListenerManagerForTest",
    value: "d",
  },
];
const exposeInternals: Plugin = {
  name: "expose-flex-internals",
  setup(b) {
    b.onLoad({ filter: /twilio-flex\.prod\.js$/ }, (args) => {
      let source = readFileSync(args.path, "utf8");
      if (args.path !== flexBundle) return { contents: source, loader: "js" };
      for (const { needle, name, value } of EXPOSED) {
        if (source.split(needle).length !== 2) throw new Error(`${name}: needle not found exactly once`);
        const exposed = `${needle.slice(0, -1)};if(typeof window!=="undefined")window.${name}=${value}}`;
        source = source.replace(needle, exposed);
      }
      return { contents: source, loader: "js" };
    });
  },
};

const started = Date.now();
mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: { bundle: join(here, "page/entry.ts"), fixture: join(here, "page/fixture/main.ts") },
  outdir: dist,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "chrome120",
  // Minified: Chromium parses 18 MB much faster than 33 MB, and the page load is the tests' cost.
  minify: true,
  logLevel: "warning",
  // Node built-ins some of Flex's dependencies reach for: mime-types only needs path.extname.
  alias: { path: join(here, "page/shim-path.ts") },
  inject: [join(here, "page/shim-process.ts")],
  define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
  plugins: [exposeInternals],
});
writeFileSync(
  join(dist, "index.html"),
  '<!doctype html><html><head><meta charset="utf-8"><title>realflex</title></head>' +
    '<body><script src="/bundle.js"></script></body></html>\n',
);
const megabytes = (file: string) => `${(statSync(join(dist, file)).size / 1e6).toFixed(1)} MB`;
console.log(
  `realflex: dist/bundle.js ${megabytes("bundle.js")}, dist/fixture.js ${megabytes("fixture.js")} ` +
    `in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    (result.warnings.length ? `, ${result.warnings.length} warnings` : ""),
);
