/**
 * src/platform/config-source.ts: where the service worker and the options page read the
 * configuration. In the production build a value saved on the options page (or written to
 * storage.local by anything else) for a key that decides where tokens and client data go is
 * ignored; the sandbox build, and a policy with allowAgentEndpoints, take it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "../fake-browser.ts";

type ConfigSource = typeof import("../../../src/platform/config-source.ts");

/** config-source.ts as a build makes it: `sandbox` is what vite's define gives __HB_SANDBOX__. */
async function buildOf(sandbox: boolean | undefined): Promise<ConfigSource> {
  vi.resetModules();
  if (sandbox !== undefined) vi.stubGlobal("__HB_SANDBOX__", sandbox);
  return import("../../../src/platform/config-source.ts");
}

function storageWith(managed: Record<string, unknown>, options: Record<string, unknown>) {
  const fake = fakeBrowser();
  Object.assign(fake.areas.managed, managed);
  fake.areas.local.options = options;
  return fake.browser.storage as never;
}

const AGENT_TOKEN_URL = "https://tokens.elsewhere.example/token";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("loadConfig", () => {
  it.each([
    ["the production build", false],
    ["a build without the flag (production rules)", undefined],
  ])("%s ignores a stored tokenUrl, reports it, and keeps the agent's own preferences", async (_, flag) => {
    const { loadConfig, CONFIG_RULES } = await buildOf(flag);
    expect(CONFIG_RULES).toEqual({ allowLoopbackHttp: false, agentSetsAdminKeys: false });
    const resolved = await loadConfig(
      storageWith(
        {},
        { tokenUrl: AGENT_TOKEN_URL, flexOrigins: ["https://flex.elsewhere.example"], reviewSeconds: 20 },
      ),
    );
    expect(resolved.adminKeys).toBe("admin-only");
    expect(resolved.config.tokenUrl).toBeNull();
    expect(resolved.config.flexOrigins).toEqual(["https://flex.twilio.com"]);
    expect(resolved.config.reviewSeconds).toBe(20);
    expect(resolved.problems.map((p) => [p.key, p.source, p.ignored])).toEqual([
      ["flexOrigins", "options", true],
      ["tokenUrl", "options", true],
    ]);
  });

  it("the production build takes the admin keys from policy", async () => {
    const { loadConfig } = await buildOf(false);
    const resolved = await loadConfig(
      storageWith({ tokenUrl: "https://tokens.chhj.com/t" }, { tokenUrl: AGENT_TOKEN_URL }),
    );
    expect(resolved.config.tokenUrl).toBe("https://tokens.chhj.com/t");
    expect(resolved.sources.tokenUrl).toBe("policy");
    expect(resolved.problems).toEqual([]);
  });

  it("the production build takes a stored tokenUrl where policy sets allowAgentEndpoints", async () => {
    const { loadConfig } = await buildOf(false);
    const resolved = await loadConfig(
      storageWith({ allowAgentEndpoints: true }, { tokenUrl: AGENT_TOKEN_URL }),
    );
    expect(resolved.adminKeys).toBe("allowed-by-policy");
    expect(resolved.config.tokenUrl).toBe(AGENT_TOKEN_URL);
    expect(resolved.sources.tokenUrl).toBe("options");
  });

  it("allowAgentEndpoints written to the options storage opens nothing", async () => {
    const { loadConfig } = await buildOf(false);
    const resolved = await loadConfig(
      storageWith({}, { allowAgentEndpoints: true, tokenUrl: AGENT_TOKEN_URL }),
    );
    expect(resolved.adminKeys).toBe("admin-only");
    expect(resolved.config.tokenUrl).toBeNull();
  });

  it("the sandbox build takes the admin keys from the options page (npm start, QA)", async () => {
    const { loadConfig, CONFIG_RULES } = await buildOf(true);
    expect(CONFIG_RULES).toEqual({ allowLoopbackHttp: true, agentSetsAdminKeys: true });
    const resolved = await loadConfig(
      storageWith({}, { tokenUrl: "http://127.0.0.1:9/token", flexOrigins: ["http://127.0.0.1:5173"] }),
    );
    expect(resolved.adminKeys).toBe("sandbox");
    expect(resolved.config.tokenUrl).toBe("http://127.0.0.1:9/token");
    expect(resolved.config.flexOrigins).toEqual(["http://127.0.0.1:5173"]);
    expect(resolved.problems).toEqual([]);
  });
});
