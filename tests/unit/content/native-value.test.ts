// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { writeInputValue } from "../../../content-scripts/shared/native-value.ts";

afterEach(() => {
  document.body.replaceChildren();
});

/**
 * What React does to a controlled input: an own `value` property that records assignments, so a
 * plain `el.value = x` is seen as React's own write and ignored. Only the prototype's setter gets by.
 */
function controlled<T extends HTMLInputElement | HTMLTextAreaElement>(el: T): { el: T; assigned: string[] } {
  const proto = Object.getPrototypeOf(el) as object;
  const native = Object.getOwnPropertyDescriptor(proto, "value") as PropertyDescriptor;
  const assigned: string[] = [];
  Object.defineProperty(el, "value", {
    configurable: true,
    get: () => native.get?.call(el),
    set: (v: string) => {
      assigned.push(v);
      native.set?.call(el, v);
    },
  });
  document.body.append(el);
  return { el, assigned };
}

function eventsOn(el: Element): string[] {
  const seen: string[] = [];
  for (const type of ["input", "change"]) {
    document.body.addEventListener(type, (e) => {
      if (e.target === el) seen.push(`${e.type}:${e.bubbles}:${(e.target as HTMLInputElement).value}`);
    });
  }
  return seen;
}

describe("writeInputValue", () => {
  it("goes through the native setter, not the instance's, then fires a bubbling input", () => {
    const { el, assigned } = controlled(document.createElement("input"));
    const seen = eventsOn(el);
    writeInputValue(el, "1-555-010-0199");
    expect(el.value).toBe("1-555-010-0199");
    expect(assigned).toEqual([]);
    expect(seen).toEqual(["input:true:1-555-010-0199"]);
  });

  it("writes a textarea through its own prototype's setter, with the events asked for, in order", () => {
    const { el, assigned } = controlled(document.createElement("textarea"));
    const seen = eventsOn(el);
    writeInputValue(el, "call after 5", ["input", "change"]);
    expect(el.value).toBe("call after 5");
    expect(assigned).toEqual([]);
    expect(seen).toEqual(["input:true:call after 5", "change:true:call after 5"]);
  });
});
