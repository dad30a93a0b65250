// @vitest-environment happy-dom
/**
 * The options page of the sandbox build (npm start, QA): the keys that decide where tokens and
 * client data go stay editable there, so QA can point it at its own pages without policy.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "../fake-browser.ts";
import { mount } from "../popup/render.ts";
import { field, input, save, settle, type } from "./page.ts";

const fake = vi.hoisted(() => ({
  current: null as ReturnType<typeof import("../fake-browser.ts").fakeBrowser> | null,
}));
vi.mock("webextension-polyfill", () => ({
  default: new Proxy(
    {},
    { get: (_, key) => (fake.current?.browser as Record<string | symbol, unknown> | undefined)?.[key] },
  ),
}));

// As `vite build --mode sandbox` defines it; read once, when config-source.ts loads.
vi.stubGlobal("__HB_SANDBOX__", true);
const { OptionsPage } = await import("../../../options/OptionsPage.tsx");

beforeEach(() => {
  fake.current = fakeBrowser();
});

function env() {
  if (!fake.current) throw new Error("no fake browser");
  return fake.current;
}

describe("the options page of the sandbox build", () => {
  it("lets the agent set the admin keys, and says production would not", async () => {
    const { areas } = env();
    areas.local.options = { flexOrigins: ["http://127.0.0.1:5173"] };
    const root = mount(<OptionsPage />);
    await settle();
    for (const key of ["flexOrigins", "hunkwareUrl", "tokenUrl", "customerServiceTarget", "fieldMap"]) {
      expect(field(root, key)?.dataset.locked, key).toBe("false");
      expect(input(root, key).readOnly, key).toBe(false);
    }
    expect(field(root, "flexOrigins")?.dataset.source).toBe("options");
    expect(input(root, "flexOrigins").value).toBe("http://127.0.0.1:5173");
    const note = root.querySelector<HTMLElement>('[data-testid="hb-admin-keys-note"]');
    expect(note?.dataset.access).toBe("sandbox");
    expect(note?.textContent).toContain("This sandbox build lets you set them here, for testing.");
    expect(root.querySelector('[data-testid="hb-policy-notice"]')?.textContent).toContain(
      "No setting is set by policy: all of them can be changed here.",
    );

    type(root, "tokenUrl", "http://127.0.0.1:9/token");
    await save(root);
    expect(areas.local.options).toEqual({
      flexOrigins: ["http://127.0.0.1:5173"],
      tokenUrl: "http://127.0.0.1:9/token",
    });
    expect(field(root, "tokenUrl")?.dataset.source).toBe("options");
  });
});
