// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { OVERLAY_ATTR } from "../../../content-scripts/flex/overlays/dom.ts";
import { placeSingleOverlay } from "../../../content-scripts/flex/overlays/single-overlay.ts";

afterEach(() => document.body.replaceChildren());

const anchor = () => document.body.appendChild(document.createElement("header"));
const place = (parent: Element | null) =>
  placeSingleOverlay(document, "note", parent, (d) => d.createElement("aside"));
const notes = () => [...document.querySelectorAll(`[${OVERLAY_ATTR}="note"]`)];

describe("placeSingleOverlay", () => {
  it("creates the overlay inside its anchor once, and finds it again on the next apply", () => {
    const header = anchor();
    const first = place(header);
    expect(first?.parentElement).toBe(header);
    expect(place(header)).toBe(first);
    expect(notes()).toEqual([first]);
  });

  it("moves to a new anchor: the copy in the old one goes", () => {
    place(anchor());
    const current = anchor();
    const moved = place(current);
    expect(notes()).toEqual([moved]);
    expect(moved?.parentElement).toBe(current);
  });

  it("without an anchor, removes every copy and gives null", () => {
    place(anchor());
    expect(place(null)).toBeNull();
    expect(notes()).toEqual([]);
  });
});
