import { describe, expect, it } from "vitest";
import { openStores, STORES } from "../../../src/background/stores.ts";
import { OPTIONS_KEY } from "../../../src/platform/config-source.ts";
import { fakeBrowser } from "../fake-browser.ts";

const specs = Object.values(STORES);

describe("STORES, the registry of what the service worker keeps", () => {
  it("gives every store a key of its own, in either area", () => {
    const keys = specs.map((spec) => spec.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps the keys users already have on disk, and the options page's", () => {
    expect(
      Object.fromEntries(Object.entries(STORES).map(([name, spec]) => [name, `${spec.area}:${spec.key}`])),
    ).toEqual({
      session: "session:session",
      drafts: "session:drafts",
      pendingUpdate: "session:pendingUpdate",
      screenPops: "session:screenPops",
      secrets: "session:secrets",
      callbackMemory: "local:callbackMemory",
      callbackMemoryKey: "local:callbackMemoryKey",
      callbackSessionKey: "session:callbackSessionKey",
      leadTimings: "local:leadTimings",
      configSnapshot: "local:configSnapshot",
      flexPageKeys: "local:flexPageKeys",
      options: `local:${OPTIONS_KEY}`,
    });
  });

  it("keeps no key of the callback memory on disk: the hashes in storage.local, their key in storage.session", () => {
    const keys = specs.filter((s) => s.schema === STORES.callbackSessionKey.schema);
    // The one in storage.local is an earlier version's, deleted at start-up (src/features/callback-memory/).
    expect(keys.map((s) => `${s.area}:${s.key}`)).toEqual([
      "local:callbackMemoryKey",
      "session:callbackSessionKey",
    ]);
  });

  it("keeps what a sign-out clears in storage.session: the agent's clients never touch disk for it", () => {
    for (const spec of specs.filter((s) => s.clientData === "until-sign-out"))
      expect(spec.area).toBe("session");
  });

  it("opens every store on the storage it is given", async () => {
    const fake = fakeBrowser();
    const stores = openStores(fake.browser.storage);
    expect(Object.keys(stores)).toEqual(Object.keys(STORES));
    await stores.leadTimings.save({ agent: null, day: { startMs: 0, endMs: 1, tasks: [] } });
    expect(fake.areas.local).toHaveProperty(STORES.leadTimings.key);
  });
});
