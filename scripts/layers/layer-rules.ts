/**
 * The layer rules of docs/architecture.md ("Layers"), as data, and the check that applies them to
 * a set of source files. Pure: the files come in as text (scripts/check-layers.ts reads the
 * repository), so the rules unit-test on made-up files that break them.
 *
 * Every file belongs to one layer, by its path (`layerOf`): in a feature folder
 * (`src/features/<feature>/`) by its name's role prefix (`worker…`, `flex…`, `hunkware…`,
 * `popup…`), else it is the feature's pure domain logic. Each layer lists the layers and the
 * packages it may import (`MAY_IMPORT`).
 *
 * Imports are read with oxc-parser (the Oxc project's TypeScript parser, which Vite's bundler is
 * built on; TypeScript 7's compiler has no JavaScript API): `import`, `import type`,
 * `export … from` and `import()`. A type-only import counts too: a layer that may not depend on
 * another may not lean on its types either.
 */
import { posix } from "node:path";
import { parseSync } from "oxc-parser";

export type Layer =
  | "domain"
  | "protocol"
  | "platform"
  | "worker"
  | "page"
  | "test"
  | "driver"
  | "sandbox"
  | "realflex"
  | "tooling"
  | "token-service"
  | "config";

const FEATURE_ROLES: [RegExp, Layer][] = [
  [/^worker[-.]/, "worker"],
  [/^(flex|hunkware|popup|options)[-.]/i, "page"],
];

/** The layer a repository path belongs to; null for files no rule binds (root configs, docs). */
export function layerOf(path: string): Layer | null {
  if (/\.test\.tsx?$/.test(path) || path.startsWith("tests/")) return "test";
  const feature = /^src\/features\/[^/]+\/([^/]+)$/.exec(path);
  if (feature) return FEATURE_ROLES.find(([re]) => re.test(feature[1] as string))?.[1] ?? "domain";
  const prefixes: [string, Layer][] = [
    ["src/domain/", "domain"],
    ["src/protocol/", "protocol"],
    ["src/platform/", "platform"],
    ["src/background/", "worker"],
    ["src/shims/", "worker"],
    ["content-scripts/", "page"],
    ["popup/", "page"],
    ["options/", "page"],
    ["driver/", "driver"],
    ["sandbox/", "sandbox"],
    ["realflex/", "realflex"],
    ["scripts/", "tooling"],
    ["bench/", "tooling"],
    ["token-service/", "token-service"],
  ];
  const found = prefixes.find(([p]) => path.startsWith(p));
  if (found) return found[1];
  return /^[^/]+\.(ts|mts|js|mjs)$/.test(path) ? "config" : null;
}

interface Allowance {
  layers: Layer[] | "any";
  /** Packages it may import; "any" for every one. Node's built-ins are packages named `node:…`. */
  packages: string[] | "any";
  /** Globals it may not use (as a value, not as a property or local name). */
  forbidGlobals?: string[];
  why: string;
}

const PRODUCT_PACKAGES = ["valibot", "webextension-polyfill", "preact", "twilio-taskrouter"];

export const MAY_IMPORT: Record<Layer, Allowance> = {
  domain: {
    layers: ["domain", "protocol"],
    packages: ["valibot"],
    forbidGlobals: ["chrome"],
    why: "the domain is pure: no browser, no SDK, no glue; it unit-tests with an injected clock",
  },
  protocol: {
    layers: ["protocol", "domain"],
    packages: ["valibot", "webextension-polyfill"],
    why: "the message protocol is shared by every context, so it depends on none",
  },
  platform: {
    layers: ["platform", "domain", "protocol"],
    packages: ["valibot", "webextension-polyfill"],
    why: "browser glue shared by the worker and the pages depends on neither",
  },
  worker: {
    layers: ["worker", "platform", "domain", "protocol"],
    packages: PRODUCT_PACKAGES,
    why: "the service worker never imports a page, a stand-in or a test",
  },
  page: {
    layers: ["page", "platform", "domain", "protocol"],
    packages: ["valibot", "webextension-polyfill", "preact"],
    why: "pages never import the service worker (they talk to it through src/protocol), nor a stand-in or a test",
  },
  test: { layers: "any", packages: "any", why: "tests may use anything" },
  config: { layers: "any", packages: "any", why: "build configuration" },
  driver: {
    layers: ["driver", "sandbox", "realflex", "domain", "protocol"],
    packages: "any",
    why: "the driver runs outside a test too (npm start, the benchmarks): no test and no vitest in it",
  },
  sandbox: {
    layers: ["sandbox", "driver", "realflex", "domain", "protocol"],
    packages: "any",
    why: "the stand-ins never lean on the tests, and run outside a test (no vitest)",
  },
  realflex: {
    // It carries our page-side code to test it on Flex's real components.
    layers: ["realflex", "page", "platform", "domain", "protocol"],
    packages: "any",
    why: "Flex's real UI is its own package, served by the sandbox: it does not reach into the sandbox, the driver or the tests",
  },
  tooling: {
    layers: ["tooling", "driver", "sandbox", "realflex", "domain", "protocol", "platform", "config"],
    packages: "any",
    why: "the scripts and the benchmarks share the driver with the tests, never the tests themselves",
  },
  "token-service": {
    layers: ["token-service"],
    packages: "any",
    why: "the token service deploys to Twilio on its own",
  },
};

/** Packages no layer but the tests may import, whatever `packages: "any"` says. */
const TEST_ONLY_PACKAGES = ["vitest"];

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** A package's name from a bare specifier: `@scope/name/x` → `@scope/name`, `node:fs/promises` → `node:fs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

type Node = { type: string; [key: string]: unknown };
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && "type" in v;

/**
 * Identifiers named in `globals` used as values: `chrome.runtime`, `chrome`, not a property name
 * (`x.chrome`, `{ chrome: 1 }`) and not a declaration of the same name.
 */
function globalsUsed(program: Node, globals: string[]): string[] {
  const found = new Set<string>();
  const visit = (node: Node, parent: Node | null, key: string): void => {
    if (node.type === "Identifier" && globals.includes(node.name as string)) {
      const asName =
        parent !== null &&
        ((parent.type === "MemberExpression" && key === "property" && !parent.computed) ||
          (parent.type === "Property" && key === "key" && !parent.computed) ||
          (parent.type.startsWith("TS") && parent.type !== "TSAsExpression") ||
          parent.type.startsWith("Import") ||
          (parent.type === "VariableDeclarator" && key === "id") ||
          parent.type === "FunctionDeclaration" ||
          parent.type === "ArrowFunctionExpression" ||
          parent.type === "FunctionExpression");
      if (!asName) found.add(node.name as string);
    }
    for (const [k, child] of Object.entries(node)) {
      if (Array.isArray(child)) for (const c of child) isNode(c) && visit(c, node, k);
      else if (isNode(child)) visit(child, node, k);
    }
  };
  visit(program, null, "");
  return [...found];
}

/** Every module a file imports, as written; a file that does not parse is an error, not a pass. */
export function importsOf(file: string, source: string): { specifiers: string[]; program: Node } {
  const parsed = parseSync(file, source);
  if (parsed.errors.length > 0)
    throw new Error(`${file} does not parse: ${parsed.errors.map((e) => e.message).join("; ")}`);
  const { staticImports, staticExports, dynamicImports } = parsed.module;
  const specifiers = [
    ...staticImports.map((i) => i.moduleRequest.value),
    ...staticExports.flatMap((e) =>
      e.entries.flatMap((x) => (x.moduleRequest ? [x.moduleRequest.value] : [])),
    ),
    // import() of a literal: its text without the quotes; a computed one cannot be checked here.
    ...dynamicImports.flatMap((d) => {
      const text = source.slice(d.moduleRequest.start, d.moduleRequest.end);
      return /^(["'`])[^"'`]*\1$/.test(text) ? [text.slice(1, -1)] : [];
    }),
  ];
  return { specifiers, program: parsed.program as unknown as Node };
}

/**
 * Why `file` (in `layer`) may not import `specifier`, or null if it may. `?script` imports are
 * @crxjs/vite-plugin's way for the worker to name a content script's built file (to register it),
 * not a dependency on its code.
 */
function refusal(file: string, layer: Layer, specifier: string): string | null {
  const allowed = MAY_IMPORT[layer];
  const [bare = specifier, query = ""] = specifier.split("?");
  if (!bare.startsWith(".")) {
    const pkg = packageOf(bare);
    if (TEST_ONLY_PACKAGES.includes(pkg) && layer !== "test" && layer !== "config")
      return `${pkg} is for the tests only`;
    if (allowed.packages === "any" || allowed.packages.includes(pkg)) return null;
    return allowed.why;
  }
  const path = posix.normalize(posix.join(posix.dirname(file), bare));
  const target = layerOf(path);
  if (layer === "worker" && target === "page" && new URLSearchParams(query).has("script")) return null;
  if (allowed.layers === "any" || (target !== null && allowed.layers.includes(target))) return null;
  return allowed.why;
}

export function checkLayers(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    const layer = layerOf(file);
    if (layer === null) continue;
    const { specifiers, program } = importsOf(file, source);
    for (const specifier of specifiers) {
      const why = refusal(file, layer, specifier);
      if (why !== null) violations.push({ file, imports: specifier, why });
    }
    for (const name of globalsUsed(program, MAY_IMPORT[layer].forbidGlobals ?? []))
      violations.push({ file, imports: `the global ${name}`, why: MAY_IMPORT[layer].why });
  }
  return violations;
}
