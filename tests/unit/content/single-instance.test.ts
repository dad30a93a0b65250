// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { claimPage } from "../../../content-scripts/shared/single-instance.ts";

/** One copy of a content script: alive until its extension context is gone. */
function copy(name = "flex-overlays") {
  const state = { alive: true, stopped: 0, claimed: false };
  state.claimed = claimPage(document, name, {
    isAlive: () => state.alive,
    stop: () => {
      state.stopped++;
    },
  });
  return state;
}

const marks = (name: string) => performance.getEntriesByName(`hunkbridge:claimed:${name}`).length;

afterEach(() => {
  document.documentElement.innerHTML = "<head></head><body></body>";
  performance.clearMarks();
});

describe("claimPage", () => {
  it("lets the first copy run and marks it in the page's timeline", () => {
    expect(copy("a").claimed).toBe(true);
    expect(marks("a")).toBe(1);
  });

  it("makes a second copy step back while the first is alive", () => {
    const first = copy("b");
    const second = copy("b");
    expect(second.claimed).toBe(false);
    expect(first.stopped).toBe(0);
    expect(marks("b")).toBe(1);
  });

  it("hands the page to a newcomer when the running copy is orphaned, which stops once", () => {
    const old = copy("c");
    old.alive = false; // the extension was updated or reloaded
    const fresh = copy("c");
    expect(fresh.claimed).toBe(true);
    expect(old.stopped).toBe(1);
    // The newcomer now answers for the page; the orphan is out of the game for good.
    const third = copy("c");
    expect(third.claimed).toBe(false);
    expect(old.stopped).toBe(1);
    expect(marks("c")).toBe(2);
  });

  it("keeps different scripts apart", () => {
    expect(copy("d").claimed).toBe(true);
    expect(copy("e").claimed).toBe(true);
  });
});
