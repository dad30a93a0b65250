import { describe, expect, it } from "vitest";
import { firstOfVersion } from "../../../content-scripts/shared/one-per-version.ts";

describe("firstOfVersion", () => {
  it("starts the first copy of each version only", () => {
    const page = {};
    expect(firstOfVersion("flex-actions", "1.0.0", page)).toBe(true);
    expect(firstOfVersion("flex-actions", "1.0.0", page)).toBe(false);
    // An update: the new version's copy starts beside the old one, which nothing stops.
    expect(firstOfVersion("flex-actions", "1.0.1", page)).toBe(true);
    expect(firstOfVersion("flex-token-reader", "1.0.0", page)).toBe(true);
  });

  it("starts when a page script put something else under the key", () => {
    const page = { [Symbol.for("hunkbridge:flex-actions")]: "not a set" };
    expect(firstOfVersion("flex-actions", "1.0.0", page)).toBe(true);
  });

  it("starts on a frozen global object", () => {
    expect(firstOfVersion("flex-actions", "1.0.0", Object.freeze({}))).toBe(true);
  });
});
