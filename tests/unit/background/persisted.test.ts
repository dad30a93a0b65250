import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openStore, persisted } from "../../../src/background/persisted.ts";
import { fakeBrowser } from "../fake-browser.ts";

const Visit = v.object({ name: v.string(), count: v.number() });
const VISITS = persisted({ area: "session", key: "visits", schema: Visit, clientData: "until-sign-out" });

function setup(stored?: unknown) {
  const fake = fakeBrowser();
  if (stored !== undefined) fake.areas.session.visits = stored;
  const warnings: string[] = [];
  const store = openStore(VISITS, fake.browser.storage, (line) => warnings.push(line));
  return { fake, store, warnings };
}

afterEach(() => vi.restoreAllMocks());

describe("a persisted store", () => {
  it("reads back a value its schema accepts", async () => {
    const t = setup({ name: "Ada", count: 2 });
    expect(await t.store.load()).toEqual({ name: "Ada", count: 2 });
    expect(t.warnings).toEqual([]);
  });

  it("gives null for a missing value, without a word", async () => {
    const t = setup();
    expect(await t.store.load()).toBeNull();
    expect(t.warnings).toEqual([]);
  });

  it.each([
    ["a wrong type", { name: "Ada", count: "2" }],
    ["a missing field", { name: "Ada" }],
    ["not an object", "Ada,2"],
  ])(
    "treats a malformed value (%s) as absent, warning with its area and key, never its content",
    async (_, bad) => {
      const t = setup(bad);
      await expect(t.store.load()).resolves.toBeNull();
      expect(t.warnings).toHaveLength(1);
      expect(t.warnings[0]).toContain('storage.session "visits"');
      expect(t.warnings[0]).not.toContain("Ada");
    },
  );

  it("says where the value is wrong", async () => {
    const t = setup({ name: "Ada", count: "2" });
    await t.store.load();
    expect(t.warnings[0]).toContain("count: expected number");
  });

  it("saves under its key in its area, and clears it", async () => {
    const t = setup();
    await t.store.save({ name: "Grace", count: 1 });
    expect(t.fake.areas.session).toEqual({ visits: { name: "Grace", count: 1 } });
    expect(t.fake.areas.local).toEqual({});
    expect(await t.store.load()).toEqual({ name: "Grace", count: 1 });
    await t.store.clear();
    expect(t.fake.areas.session).toEqual({});
    expect(await t.store.load()).toBeNull();
  });

  it("lets a failing storage reject: nothing stored and nothing readable are not the same", async () => {
    const t = setup();
    t.fake.browser.storage.session.get.mockRejectedValueOnce(new Error("unavailable"));
    await expect(t.store.load()).rejects.toThrow("unavailable");
  });
});
