import { fileURLToPath } from "node:url";
import { crx } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import baseManifest from "./manifest.json" with { type: "json" };
import { SANDBOX_HOSTS } from "./scripts/sandbox-hosts.ts";

/**
 * `vite build` makes the production extension in dist/; `vite build --mode sandbox` makes the
 * sandbox build in dist-sandbox/, which also permits http://127.0.0.1 and http://localhost on any
 * port (match patterns without a port match every port) for `npm start`, the e2e tests and QA.
 */

/**
 * crxjs lists every `?script` file as web-accessible to all sites. Content scripts registered
 * through chrome.scripting don't need that, and exposing them lets any page detect the extension.
 */
const keepContentScriptsPrivate = {
  name: "hunkbridge:private-content-scripts",
  enforce: "post" as const,
  renderCrxManifest(manifest: { web_accessible_resources?: Array<{ resources: string[] }> }) {
    const kept = (manifest.web_accessible_resources ?? [])
      .map((war) => ({ ...war, resources: war.resources.filter((r) => !r.startsWith("content-scripts/")) }))
      .filter((war) => war.resources.length > 0);
    if (kept.length > 0) manifest.web_accessible_resources = kept;
    else delete manifest.web_accessible_resources;
    return manifest;
  },
};

export default defineConfig(({ mode }) => {
  const sandbox = mode === "sandbox";
  const manifest = {
    ...baseManifest,
    host_permissions: sandbox
      ? [...baseManifest.host_permissions, ...SANDBOX_HOSTS]
      : baseManifest.host_permissions,
  };
  return {
    plugins: [preact(), crx({ manifest }), keepContentScriptsPrivate],
    resolve: {
      alias: {
        "graphql-ws": fileURLToPath(new URL("./src/shims/graphql-ws.ts", import.meta.url)),
        axios: fileURLToPath(new URL("./src/shims/axios.ts", import.meta.url)),
      },
    },
    define: {
      __HB_SANDBOX__: JSON.stringify(sandbox),
      __HB_VERSION__: JSON.stringify(`hb-version:${baseManifest.version}`),
    },
    build: {
      // HB_OUT_DIR lets several checkouts or runs build side by side without clobbering each other.
      outDir: process.env.HB_OUT_DIR ?? (sandbox ? "dist-sandbox" : "dist"),
      emptyOutDir: true,
      target: "chrome121",
      // HB_SOURCEMAP=1 for a look at what each bundle is made of (bench/sizes.ts measures without).
      sourcemap: process.env.HB_SOURCEMAP === "1",
    },
    server: { host: "127.0.0.1" },
  };
});
