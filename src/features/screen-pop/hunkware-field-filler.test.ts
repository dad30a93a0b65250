// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { fillFields } from "./hunkware-field-filler.ts";

afterEach(() => {
  document.body.replaceChildren();
});

describe("fillFields", () => {
  it("fills inputs and textareas with input and change events; skips what it can't fill", () => {
    document.body.innerHTML = `
      <input id="name"><textarea name="notes"></textarea><div id="not-a-field"></div>`;
    const seen: string[] = [];
    for (const type of ["input", "change"]) {
      document.addEventListener(type, (e) => seen.push(`${e.type}:${(e.target as Element).tagName}`));
    }
    fillFields(document, [
      { selector: "#name", value: "Ada Lovelace" },
      { selector: "#missing", value: "x" },
      { selector: "#not-a-field", value: "x" },
      { selector: "[[not css", value: "x" },
      { selector: 'textarea[name="notes"]', value: "call after 5" },
    ]);
    expect(document.querySelector<HTMLInputElement>("#name")?.value).toBe("Ada Lovelace");
    expect(document.querySelector<HTMLTextAreaElement>("textarea")?.value).toBe("call after 5");
    expect(document.querySelector("#not-a-field")?.textContent).toBe("");
    expect(seen).toEqual(["input:INPUT", "change:INPUT", "input:TEXTAREA", "change:TEXTAREA"]);
  });
});
