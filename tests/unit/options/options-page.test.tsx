// @vitest-environment happy-dom
import { act } from "preact/test-utils";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "../fake-browser.ts";
import { mount } from "../popup/render.ts";

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

/** Lets the page's storage reads and their re-render run. */
async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

const field = (root: HTMLElement, key: string) =>
  root.querySelector<HTMLElement>(`.field[data-key="${key}"]`);
const input = (root: HTMLElement, key: string) =>
  root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#hb-opt-${key}`) as HTMLInputElement;

function type(root: HTMLElement, key: string, text: string) {
  act(() => {
    const el = input(root, key);
    el.value = text;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function save(root: HTMLElement) {
  act(() => {
    root.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
  await settle();
}

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
