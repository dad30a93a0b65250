// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PageLocation, pagePrefetch } from "./hunkware-prefetch.ts";

const HERE = "https://hunkware.chhj.com/leads/L-1";
const LEAD = "https://hunkware.chhj.com/leads/L-2";

function page() {
  const location = {
    href: HERE,
    origin: "https://hunkware.chhj.com",
    assign: vi.fn<PageLocation["assign"]>(),
  };
  return { location, prefetch: pagePrefetch(document, location) };
}
const rules = () => [...document.querySelectorAll<HTMLScriptElement>('script[type="speculationrules"]')];

let supports: boolean;
let visibility: DocumentVisibilityState;
const show = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
};
beforeEach(() => {
  supports = true;
  visibility = "visible";
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
  // Chrome's feature check (happy-dom has no speculation rules).
  Object.defineProperty(HTMLScriptElement, "supports", {
    configurable: true,
    value: (type: string) => supports && type === "speculationrules",
  });
});
afterEach(() => {
  document.head.replaceChildren();
});

describe("pagePrefetch", () => {
  it("places one speculation rule for the page, as JSON text, and replaces it for the next", () => {
    const { prefetch } = page();
    expect(prefetch.prepare(LEAD)).toBe(true);
    expect(rules()).toHaveLength(1);
    expect(JSON.parse(rules()[0]?.textContent ?? "")).toEqual({
      prefetch: [{ source: "list", urls: [LEAD], eagerness: "immediate" }],
    });
    const odd = 'https://hunkware.chhj.com/leads/"</script><b>x';
    expect(prefetch.prepare(odd)).toBe(true);
    expect(rules()).toHaveLength(1);
    expect(JSON.parse(rules()[0]?.textContent ?? "").prefetch[0].urls).toEqual([odd]);
    expect(document.querySelector("b")).toBeNull();
  });

  it("opens only the page it prepared, once, and leaves the rule for the navigation to use", () => {
    const { prefetch, location } = page();
    prefetch.prepare(LEAD);
    // Another page: nothing opened, and the prefetch is given up.
    expect(prefetch.open("https://hunkware.chhj.com/leads/L-3")).toBe(false);
    expect(prefetch.open(LEAD)).toBe(false);
    prefetch.prepare(LEAD);
    expect(prefetch.open(LEAD)).toBe(true);
    expect(location.assign).toHaveBeenCalledExactlyOnceWith(LEAD);
    expect(rules()).toHaveLength(1);
    expect(prefetch.open(LEAD)).toBe(false);
  });

  it("drops the rule when the offer ends, and then opens nothing", () => {
    const { prefetch, location } = page();
    prefetch.prepare(LEAD);
    expect(prefetch.prepare(null)).toBe(true);
    expect(rules()).toEqual([]);
    expect(prefetch.open(LEAD)).toBe(false);
    expect(location.assign).not.toHaveBeenCalled();
  });

  it("opens nothing when Hunkware removed the rule (an app that re-renders its head)", () => {
    const { prefetch } = page();
    prefetch.prepare(LEAD);
    document.head.replaceChildren();
    expect(prefetch.open(LEAD)).toBe(false);
  });

  it("refuses another origin, the page it is on, a malformed URL, and a browser without speculation rules", () => {
    const { prefetch } = page();
    expect(prefetch.prepare("https://evil.example/leads/L-2")).toBe(false);
    expect(prefetch.prepare(HERE)).toBe(false);
    expect(prefetch.prepare("not a url")).toBe(false);
    supports = false;
    expect(prefetch.prepare(LEAD)).toBe(false);
    expect(rules()).toEqual([]);
  });

  it("waits for a hidden page (a background tab) to be shown before placing the rule", () => {
    visibility = "hidden";
    const { prefetch, location } = page();
    expect(prefetch.prepare(LEAD)).toBe(true);
    expect(rules()).toEqual([]);
    show("visible"); // the agent looks at Hunkware while the offer waits
    expect(rules()).toHaveLength(1);
    expect(prefetch.open(LEAD)).toBe(true);
    expect(location.assign).toHaveBeenCalledWith(LEAD);
  });

  it("leaves an accept in a still-hidden page to the worker, and places no rule afterwards", () => {
    visibility = "hidden";
    const { prefetch, location } = page();
    prefetch.prepare(LEAD);
    expect(prefetch.open(LEAD)).toBe(false);
    show("visible"); // the screen-pop brings the tab forward: a rule now would fetch the page twice
    expect(rules()).toEqual([]);
    expect(location.assign).not.toHaveBeenCalled();
  });

  it("takes its rule away when stopped", () => {
    const { prefetch } = page();
    prefetch.prepare(LEAD);
    prefetch.stop();
    expect(rules()).toEqual([]);
  });
});
