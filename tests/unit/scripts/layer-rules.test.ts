import { describe, expect, it } from "vitest";
import { checkLayers, layerOf, MAY_IMPORT } from "../../../scripts/layers/layer-rules.ts";

const check = (files: Record<string, string>) =>
  checkLayers(new Map(Object.entries(files))).map((v) => `${v.file} → ${v.imports}`);

describe("the layer rules", () => {
  it("puts a feature folder's files in layers by their role prefix, the rest in the domain", () => {
    expect(layerOf("src/features/drafts/worker.ts")).toBe("worker");
    expect(layerOf("src/features/drafts/worker-store.ts")).toBe("worker");
    expect(layerOf("src/features/drafts/hunkware.ts")).toBe("page");
    expect(layerOf("src/features/drafts/popup-panel.tsx")).toBe("page");
    expect(layerOf("src/features/transfer-guard/flex.ts")).toBe("page");
    expect(layerOf("src/features/transfer-guard/guard-decision.ts")).toBe("domain");
    expect(layerOf("src/features/transfer-guard/flex.test.ts")).toBe("test");
    expect(layerOf("tests/e2e/support/countdown.ts")).toBe("test");
    expect(layerOf("README.md")).toBe(null);
  });

  it("lets each layer import what it may", () => {
    expect(
      check({
        "src/domain/phone.ts": 'import * as v from "valibot";\nimport { x } from "./countdown.ts";',
        "src/domain/connection-state.ts": 'import type { AgentView } from "../protocol/messages.ts";',
        "src/background/main.ts": 'import browser from "webextension-polyfill";\nimport "../domain/x.ts";',
        "src/background/registry.ts": 'import flex from "../../content-scripts/flex/main.ts?script&iife";',
        "src/features/drafts/worker.ts": 'import { keep } from "./keep-rules.ts";',
        "src/features/drafts/hunkware.ts":
          'import { keep } from "./keep-rules.ts";\nimport { x } from "../../platform/y.ts";',
        "content-scripts/flex/main.ts": 'import { request } from "../../src/protocol/client.ts";',
        "options/page.tsx": 'import { loadConfig } from "../src/platform/config-source.ts";',
        "driver/index.ts": 'import { stack } from "../sandbox/stack.ts";',
        "tests/e2e/a.test.ts": 'import { agent } from "../../driver/index.ts";\nimport { it } from "vitest";',
        "src/features/drafts/drafts.test.ts": 'import { fake } from "../fake-browser.ts";',
        "token-service/functions/x.ts": 'import twilio from "twilio";',
        "realflex/page/entry.ts": 'import { listen } from "../../content-scripts/flex/actions/listeners.ts";',
      }),
    ).toEqual([]);
  });

  it("keeps the domain pure: no browser package, no glue, no chrome global, even as a type", () => {
    expect(
      check({
        "src/domain/a.ts": 'import browser from "webextension-polyfill";',
        "src/domain/b.ts": 'import type { Tracker } from "../background/reservation-tracker.ts";',
        "src/domain/c.ts": "export const id = () => chrome.runtime.id;",
        "src/domain/d.ts": 'export { Worker } from "twilio-taskrouter";',
        "src/domain/e.ts": 'const m = await import("../background/x.ts");',
        "src/features/drafts/keep-rules.ts": 'import { store } from "./worker.ts";',
      }),
    ).toEqual([
      "src/domain/a.ts → webextension-polyfill",
      "src/domain/b.ts → ../background/reservation-tracker.ts",
      "src/domain/c.ts → the global chrome",
      "src/domain/d.ts → twilio-taskrouter",
      "src/domain/e.ts → ../background/x.ts",
      "src/features/drafts/keep-rules.ts → ./worker.ts",
    ]);
  });

  it("does not take a property or a local of the same name for the chrome global", () => {
    expect(
      check({
        "src/domain/a.ts":
          "export const f = (o: { chrome: number }, browser: string) => o.chrome + browser.length + ({ chrome: 1 }).chrome;",
      }),
    ).toEqual([]);
  });

  it("keeps pages and the worker apart, and the product free of stand-ins and tests", () => {
    expect(
      check({
        "options/OptionsPage.tsx": 'import { CONFIG_RULES } from "../src/background/config-source.ts";',
        "src/features/drafts/hunkware.ts": 'import { keeper } from "./worker.ts";',
        "src/background/x.ts": 'import { card } from "../../content-scripts/hunkware/client-card.ts";',
        "content-scripts/flex/y.ts": 'import { leads } from "../../sandbox/fixtures/hunkware/leads-data.ts";',
        "popup/z.ts": 'import { agent } from "../driver/index.ts";',
        "content-scripts/flex/w.ts": 'import { Worker } from "twilio-taskrouter";',
      }),
    ).toEqual([
      "options/OptionsPage.tsx → ../src/background/config-source.ts",
      "src/features/drafts/hunkware.ts → ./worker.ts",
      "src/background/x.ts → ../../content-scripts/hunkware/client-card.ts",
      "content-scripts/flex/y.ts → ../../sandbox/fixtures/hunkware/leads-data.ts",
      "popup/z.ts → ../driver/index.ts",
      "content-scripts/flex/w.ts → twilio-taskrouter",
    ]);
  });

  it("keeps the tests and vitest out of the driver, the sandbox, the scripts and the benchmarks, and realflex out of the sandbox", () => {
    expect(
      check({
        "sandbox/start.ts": 'import { agent } from "../tests/e2e/harness/index.ts";',
        "bench/screen-pop.ts": 'import { agent } from "../tests/e2e/harness/index.ts";',
        "driver/index.ts": 'import { fake } from "../tests/unit/fake-browser.ts";',
        "driver/hooks.ts": 'import { beforeAll } from "vitest";',
        "realflex/page/fixture/session.ts":
          'import type { B } from "../../../sandbox/fixtures/flex/bootstrap.ts";',
        "token-service/functions/y.ts": 'import { x } from "../../src/domain/x.ts";',
      }),
    ).toEqual([
      "sandbox/start.ts → ../tests/e2e/harness/index.ts",
      "bench/screen-pop.ts → ../tests/e2e/harness/index.ts",
      "driver/index.ts → ../tests/unit/fake-browser.ts",
      "driver/hooks.ts → vitest",
      "realflex/page/fixture/session.ts → ../../../sandbox/fixtures/flex/bootstrap.ts",
      "token-service/functions/y.ts → ../../src/domain/x.ts",
    ]);
  });

  it("fails on a file it cannot parse rather than passing it", () => {
    expect(() => check({ "src/domain/broken.ts": "import { from" })).toThrow(/does not parse/);
  });

  it("says why for every layer", () => {
    for (const allowance of Object.values(MAY_IMPORT)) expect(allowance.why.length).toBeGreaterThan(10);
  });
});
