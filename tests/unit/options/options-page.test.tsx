// @vitest-environment happy-dom
import { act } from "preact/test-utils";
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

const { OptionsPage } = await import("../../../options/OptionsPage.tsx");

beforeEach(() => {
  fake.current = fakeBrowser();
});

function env() {
  if (!fake.current) throw new Error("no fake browser");
  return fake.current;
}

describe("the options page", () => {
  it("shows every key with its effective value and source; policy keys are read-only", async () => {
    const { areas } = env();
    areas.managed.hunkwareUrl = "https://crm.example";
    areas.local.options = { reviewSeconds: 20 };
    const root = mount(<OptionsPage />);
    await settle();
    expect(root.querySelectorAll(".field")).toHaveLength(12);
    expect(field(root, "hunkwareUrl")?.dataset).toMatchObject({ source: "policy", locked: "true" });
    expect(input(root, "hunkwareUrl").value).toBe("https://crm.example");
    expect(input(root, "hunkwareUrl").readOnly).toBe(true);
    expect(field(root, "reviewSeconds")?.dataset).toMatchObject({ source: "options", locked: "false" });
    expect(input(root, "reviewSeconds").value).toBe("20");
    expect(field(root, "acceptWindowSeconds")?.dataset.source).toBe("default");
    expect(input(root, "acceptWindowSeconds").value).toBe("10");
    expect(root.querySelector('[data-testid="hb-policy-notice"]')?.textContent).toContain(
      "1 setting is set by your administrator's policy and locked: hunkwareUrl.",
    );
  });

  it("edits prefetchOnOffer as On/Off, saves a boolean, and can't change it when policy sets it", async () => {
    const { areas } = env();
    const root = mount(<OptionsPage />);
    await settle();
    const select = input(root, "prefetchOnOffer") as unknown as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    expect(select.value).toBe("true");
    expect([...select.options].map((o) => o.textContent)).toEqual(["On", "Off"]);
    type(root, "prefetchOnOffer", "false");
    await save(root);
    expect(areas.local.options).toEqual({ prefetchOnOffer: false });

    areas.managed.prefetchOnOffer = true;
    const locked = mount(<OptionsPage />);
    await settle();
    expect((input(locked, "prefetchOnOffer") as unknown as HTMLSelectElement).disabled).toBe(true);
  });

  it("reports an invalid policy value and uses the default", async () => {
    const { areas } = env();
    areas.managed.reviewSeconds = 0;
    const root = mount(<OptionsPage />);
    await settle();
    expect(field(root, "reviewSeconds")?.dataset).toMatchObject({ source: "default", locked: "true" });
    expect(input(root, "reviewSeconds").value).toBe("15");
    expect(field(root, "reviewSeconds")?.querySelector(".problem")?.textContent).toMatch(
      /policy value is invalid: reviewSeconds must be a whole number .* but it is 0\. The default is used meanwhile\./,
    );
  });

  it("refuses an invalid value with a clear message and saves nothing", async () => {
    const { browser } = env();
    const root = mount(<OptionsPage />);
    await settle();
    type(root, "acceptWindowSeconds", "ten");
    await save(root);
    expect(browser.storage.local.set).not.toHaveBeenCalled();
    expect(field(root, "acceptWindowSeconds")?.querySelector('[role="alert"]')?.textContent).toMatch(
      /Not saved: acceptWindowSeconds must be a whole number of seconds from 1 to 300, but it is "ten"/,
    );
    expect(input(root, "acceptWindowSeconds").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(input(root, "acceptWindowSeconds"));
  });

  it("saves a valid edit to storage.local options and shows the new source", async () => {
    const { browser, areas } = env();
    areas.managed.allowAgentEndpoints = true; // tokenUrl is the admin's otherwise
    const root = mount(<OptionsPage />);
    await settle();
    type(root, "tokenUrl", "https://token.example/token");
    await save(root);
    expect(areas.local.options).toEqual({ tokenUrl: "https://token.example/token" });
    // A non-default origin: access is checked (and would be asked for) within the click.
    expect(browser.permissions.contains).toHaveBeenCalledWith({ origins: ["https://token.example/*"] });
    expect(field(root, "tokenUrl")?.dataset.source).toBe("options");
    expect(root.querySelector('[data-testid="hb-options-status"]')?.textContent).toMatch(/^Saved\./);
  });

  it("asks for access to a custom origin it does not hold", async () => {
    const { browser, areas } = env();
    browser.permissions.contains.mockResolvedValue(false);
    browser.permissions.request.mockResolvedValue(false);
    env().areas.managed.allowAgentEndpoints = true;
    const root = mount(<OptionsPage />);
    await settle();
    type(root, "flexOrigins", "https://flex.example");
    await save(root);
    expect(browser.permissions.request).toHaveBeenCalledWith({ origins: ["https://flex.example/*"] });
    expect(areas.local.options).toEqual({ flexOrigins: ["https://flex.example"] });
    expect(root.querySelector('[data-testid="hb-options-status"]')?.textContent).toContain(
      "Access to https://flex.example was not granted.",
    );
  });

  it("follows a policy change live, locking the key", async () => {
    const { browser } = env();
    const root = mount(<OptionsPage />);
    await settle();
    expect(field(root, "leadPath")?.dataset.locked).toBe("false");
    await act(async () => {
      await browser.storage.managed.set({ leadPath: "/crm/{lead_id}" });
    });
    await settle();
    expect(field(root, "leadPath")?.dataset).toMatchObject({ source: "policy", locked: "true" });
    expect(input(root, "leadPath").value).toBe("/crm/{lead_id}");
  });
});

describe("the options page of the production build: where tokens and client data go", () => {
  const ADMIN = ["flexOrigins", "hunkwareUrl", "tokenUrl", "customerServiceTarget", "fieldMap"];
  const sourceText = (root: HTMLElement, key: string) =>
    field(root, key)?.querySelector(".source")?.textContent;
  const note = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-testid="hb-admin-keys-note"]');

  it("shows those keys read-only, says whether policy or the build's default sets each, and that only the admin can", async () => {
    const { areas } = env();
    areas.managed.tokenUrl = "https://tokens.chhj.com/t";
    const root = mount(<OptionsPage />);
    await settle();
    const group = root.querySelector<HTMLElement>('[data-testid="hb-settings-admin"]');
    expect([...(group?.querySelectorAll<HTMLElement>(".field") ?? [])].map((f) => f.dataset.key)).toEqual(
      ADMIN,
    );
    for (const key of ADMIN) {
      expect(field(root, key)?.dataset, key).toMatchObject({ locked: "true", setBy: "admin" });
      expect(input(root, key).readOnly, key).toBe(true);
    }
    expect(sourceText(root, "tokenUrl")).toBe("Set by policy (locked)");
    expect(input(root, "tokenUrl").value).toBe("https://tokens.chhj.com/t");
    expect(sourceText(root, "hunkwareUrl")).toBe("Build default (locked)");
    expect(input(root, "hunkwareUrl").value).toBe("https://hunkware.chhj.com");
    expect(note(root)?.dataset.access).toBe("admin-only");
    expect(note(root)?.textContent).toMatch(
      /^Only your administrator can set these, by Chrome policy\. They decide where HunkBridge sends your Flex token and your clients' data\./,
    );
    // The agent's own preferences stay theirs.
    const own = root.querySelector<HTMLElement>('[data-testid="hb-settings-agent"]');
    expect(own?.querySelectorAll(".field")).toHaveLength(7);
    expect(field(root, "reviewSeconds")?.dataset).toMatchObject({ locked: "false", setBy: "agent" });
    expect(sourceText(root, "reviewSeconds")).toBe("Default");
  });

  it("says which settings are the admin's when no policy is set", async () => {
    const root = mount(<OptionsPage />);
    await settle();
    expect(root.querySelector('[data-testid="hb-policy-notice"]')?.textContent).toContain(
      "No setting is set by policy: the ones under “Where tokens and client data go” use the build's defaults, and only your administrator can change them; the others can be changed here.",
    );
  });

  it("reports a value saved for such a key as ignored, and never saves an edit of it", async () => {
    const { areas, browser } = env();
    areas.local.options = { tokenUrl: "https://evil.example/t" };
    const root = mount(<OptionsPage />);
    await settle();
    expect(field(root, "tokenUrl")?.dataset.source).toBe("default");
    expect(input(root, "tokenUrl").value).toBe("");
    const problem = field(root, "tokenUrl")?.querySelector<HTMLElement>(".problem");
    expect(problem?.dataset.problem).toBe("ignored");
    expect(problem?.textContent).toBe(
      "The value saved here is ignored: only your administrator can set tokenUrl. The build's default is used.",
    );
    expect(root.querySelector('[data-testid="hb-ignored-options"]')?.textContent).toBe(
      "Ignored: the value saved on this page for tokenUrl. Only your administrator can set it, by policy; the build's default is used.",
    );

    // Read-only in the page; an edit forced in anyway is dropped, and the agent's preference is saved.
    type(root, "tokenUrl", "https://evil2.example/t");
    type(root, "reviewSeconds", "20");
    await save(root);
    expect(areas.local.options).toEqual({ tokenUrl: "https://evil.example/t", reviewSeconds: 20 });
    expect(browser.permissions.contains).not.toHaveBeenCalledWith({ origins: ["https://evil2.example/*"] });
    expect(root.querySelector('[data-testid="hb-options-status"]')?.textContent).toMatch(/^Saved\./);
    expect(field(root, "tokenUrl")?.dataset.source).toBe("default");
  });

  it("an edit of only such a key leaves nothing to save", async () => {
    const root = mount(<OptionsPage />);
    await settle();
    type(root, "tokenUrl", "https://evil.example/t");
    expect(root.querySelector<HTMLButtonElement>('[data-testid="hb-options-save"]')?.disabled).toBe(true);
  });

  it("lets the agent set those policy leaves unset where policy sets allowAgentEndpoints", async () => {
    const { areas } = env();
    Object.assign(areas.managed, { allowAgentEndpoints: true, hunkwareUrl: "https://crm.example" });
    areas.local.options = { tokenUrl: "https://tokens.elsewhere.example/t" };
    const root = mount(<OptionsPage />);
    await settle();
    expect(note(root)?.dataset.access).toBe("allowed-by-policy");
    expect(note(root)?.textContent).toContain(
      "Their policy (allowAgentEndpoints) lets you set here the ones it leaves unset.",
    );
    expect(field(root, "tokenUrl")?.dataset).toMatchObject({ source: "options", locked: "false" });
    expect(input(root, "tokenUrl").value).toBe("https://tokens.elsewhere.example/t");
    expect(field(root, "hunkwareUrl")?.dataset).toMatchObject({ source: "policy", locked: "true" });
    expect(field(root, "tokenUrl")?.querySelector(".problem")).toBeNull();
    // allowAgentEndpoints is policy-only: never a field here.
    expect(root.querySelector('[data-key="allowAgentEndpoints"], #hb-opt-allowAgentEndpoints')).toBeNull();
  });
});
