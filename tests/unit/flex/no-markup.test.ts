// @vitest-environment happy-dom
// The overlays put text in the page with textContent only: never parsed as markup.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { client, inHandView, reservation, view } from "../fake-view.ts";
import { mountFlex, settle } from "./flex-dom.ts";
import { start } from "./harness.ts";

const ROOT = join(import.meta.dirname, "../../../content-scripts/flex");
const SOURCES = [
  join(ROOT, "flex-landmarks.ts"),
  ...readdirSync(join(ROOT, "overlays")).map((file) => join(ROOT, "overlays", file)),
];

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("no markup from strings", () => {
  it.each(SOURCES.map((path) => [path.slice(ROOT.length + 1), path]))(
    "%s never parses HTML",
    (_name, path) => {
      expect(readFileSync(path, "utf8")).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/,
      );
    },
  );

  it("renders hostile client names and errors as text", async () => {
    const spies = [
      vi.spyOn(Element.prototype, "innerHTML", "set"),
      vi.spyOn(Element.prototype, "outerHTML", "set"),
      vi.spyOn(Element.prototype, "insertAdjacentHTML"),
    ];
    const evil = '<img src=x onerror="alert(1)">';
    const flex = mountFlex({
      cards: [{ title: evil, pending: true }],
      call: { title: evil, directory: true },
      dialer: true,
    });
    const started = start();
    const r = reservation({ phase: "review", dialAtMs: 1_020_000 });
    started.overlays.setView(
      view({
        reservations: [reservation({ client: client(evil) }), r],
        inHand: r.sid,
        offlineAfterMiss: true,
      }),
    );
    started.setAvailable.result = { ok: false, error: evil };
    document.querySelector<HTMLElement>('[data-testid="hb-go-available"]')?.click();
    await settle();
    flex.render({
      cards: [{ title: evil, pending: true }],
      call: { title: evil, directory: true },
      dialer: true,
    });
    started.overlays.setView(inHandView({ origin: "inbound", transferAllowed: true }));
    await settle();
    started.overlays.stop();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(document.querySelector("img")).toBeNull();
  });
});
