import { webcrypto } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "../../../tests/unit/fake-browser.ts";
import { openStore, type StorageAreaLike, type StorageLike } from "../../background/persisted.ts";
import { STORES } from "../../background/stores.ts";
import { CONFIG_DEFAULTS } from "../../domain/config.ts";
import { trackSnapshot } from "../../domain/reservation-lifecycle.ts";
import { CallbackMemory } from "./worker-memory.ts";

const T0 = Date.UTC(2026, 10, 24, 15, 42);
const DAY = 24 * 60 * 60 * 1000;
const CALLER_ID = CONFIG_DEFAULTS.outboundCallerId;

const MEMORY_KEY = STORES.callbackMemory.key;
const INSTALL_KEY_KEY = STORES.callbackMemoryKey.key;

/** storage.local as Chrome keeps it (the fake browser's): `items` is what it holds. */
function memoryArea(initial: Record<string, unknown> = {}): {
  storage: StorageLike;
  items: Record<string, unknown>;
} {
  const fake = fakeBrowser();
  Object.assign(fake.areas.local, structuredClone(initial));
  return { storage: fake.browser.storage, items: fake.areas.local };
}

let sids = 0;
function reservation(attributes: Record<string, unknown>, status = "accepted") {
  const sid = `WR${++sids}`;
  const snapshot = { sid, taskSid: `WT${sids}`, status, dateCreatedSec: T0 / 1000, attributes };
  const tracked = trackSnapshot(snapshot, T0, CONFIG_DEFAULTS);
  if (!tracked) throw new Error("not tracked");
  return tracked;
}
const weblead = (leadId: string, phone: string) => reservation({ type: "weblead", lead_id: leadId, phone });
const callback = (from: string, to = CALLER_ID) => reservation({ direction: "inbound", from, to }, "pending");

function setUp(opts: { area?: ReturnType<typeof memoryArea>; days?: number } = {}) {
  const clock = { now: T0 + 60_000 };
  let linked = 0;
  const area = opts.area ?? memoryArea();
  const memory = new CallbackMemory({
    memory: openStore(STORES.callbackMemory, area.storage),
    installKey: openStore(STORES.callbackMemoryKey, area.storage),
    subtle: webcrypto.subtle as SubtleCrypto,
    randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
    now: () => clock.now,
    days: () => opts.days ?? 14,
    linked: () => linked++,
  });
  return { memory, area, clock, linkedCount: () => linked };
}

describe("CallbackMemory", () => {
  it("links a callback from a popped lead's number to that lead, in any spelling", async () => {
    const { memory, linkedCount } = setUp();
    await memory.agentIs("ada");
    const lead = weblead("L-1234", "617-555-0123");
    await memory.remember(lead);
    const call = callback("+1 (617) 555 0123");
    const found = await memory.leadFor(call, CALLER_ID);
    expect(found).toMatchObject({ leadId: "L-1234", calledAtMs: lead.dialAtMs });
    expect(memory.linkedLead(call.sid)).toEqual({ leadId: "L-1234", calledAtMs: lead.dialAtMs });
    expect(linkedCount()).toBe(1);
  });

  it("keeps no phone number, name or email in storage: a keyed hash beside the lead id", async () => {
    const { memory, area } = setUp();
    await memory.agentIs("ada");
    await memory.remember(
      reservation({
        type: "weblead",
        lead_id: "L-1",
        phone: "6175550123",
        name: "Pat Q",
        email: "p@q.example",
      }),
    );
    const stored = JSON.stringify(area.items);
    // The number in any spelling (not a bare "555": the random install key is hex and may hold it).
    expect(stored).not.toMatch(/6175550123|617\D555\D0123|Pat Q|p@q/);
    expect(area.items[MEMORY_KEY]).toEqual({
      agent: "ada",
      leads: [
        { numberKey: expect.stringMatching(/^[0-9a-f]{64}$/), leadId: "L-1", calledAtMs: expect.any(Number) },
      ],
    });
    expect(area.items[INSTALL_KEY_KEY]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("survives a restart: a new instance on the same storage finds the lead with the same install key", async () => {
    const first = setUp();
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-7", "6175550123"));
    const second = setUp({ area: first.area });
    expect(await second.memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-7" });
  });

  it("finds nothing for another number, a call to another number, a weblead, or an unusable number", async () => {
    const { memory, linkedCount } = setUp();
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550199"), CALLER_ID)).toBeNull();
    expect(await memory.leadFor(callback("+16175550123", "+18005550100"), CALLER_ID)).toBeNull();
    expect(await memory.leadFor(weblead("L-2", "6175550123"), CALLER_ID)).toBeNull();
    expect(await memory.leadFor(callback("anonymous"), CALLER_ID)).toBeNull();
    expect(linkedCount()).toBe(0);
  });

  it("forgets a lead past the window", async () => {
    const { memory, clock } = setUp({ days: 2 });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    clock.now += 2 * DAY;
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
  });

  it("with 0 days, remembers nothing and finds nothing", async () => {
    const { memory, area } = setUp({ days: 0 });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
    expect((area.items[MEMORY_KEY] as { leads: unknown[] } | undefined)?.leads ?? []).toEqual([]);
  });

  it("wipes the leads when another agent signs in on this browser, even after a restart", async () => {
    const first = setUp();
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-1", "6175550123"));
    const second = setUp({ area: first.area });
    await second.memory.agentIs("grace");
    expect(await second.memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
    expect(first.area.items[MEMORY_KEY]).toEqual({ agent: "grace", leads: [] });
  });

  it("looks a reservation up once: the offer's answer is the accept's, and forgetLinks clears it", async () => {
    const { memory } = setUp();
    await memory.agentIs("ada");
    const call = callback("+16175550123");
    expect(await memory.leadFor(call, CALLER_ID)).toBeNull();
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(call, CALLER_ID)).toBeNull(); // same reservation: same answer
    memory.forgetLinks();
    expect(await memory.leadFor(call, CALLER_ID)).toMatchObject({ leadId: "L-1" });
  });

  it("lands a remember before a lookup that started after it", async () => {
    const { memory } = setUp();
    await memory.agentIs("ada");
    void memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
  });

  it("replaces a malformed install key and a malformed memory instead of failing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const area = memoryArea({ [INSTALL_KEY_KEY]: "not hex", [MEMORY_KEY]: { agent: 3, leads: "x" } });
    const { memory } = setUp({ area });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
    expect(area.items[INSTALL_KEY_KEY]).toMatch(/^[0-9a-f]{64}$/);
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      expect.stringContaining(`"${MEMORY_KEY}"`),
      expect.stringContaining(`"${INSTALL_KEY_KEY}"`),
    ]);
    warn.mockRestore();
  });

  it("keeps the install key it cannot read: a new one would orphan every remembered lead", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const first = setUp();
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-1", "6175550123"));
    const key = first.area.items[INSTALL_KEY_KEY];
    const local = first.area.storage.local;
    const flaky: StorageAreaLike = { ...local, get: () => Promise.reject(new Error("busy")) };
    const second = setUp({ area: { ...first.area, storage: { ...first.area.storage, local: flaky } } });
    await second.memory.remember(weblead("L-2", "6175550199"));
    expect(first.area.items[INSTALL_KEY_KEY]).toBe(key);
    errors.mockRestore();
  });

  it("a storage that fails loses the memory, never the screen-pop: lookups answer null", async () => {
    const broken: StorageAreaLike = {
      get: () => Promise.reject(new Error("quota")),
      set: () => Promise.reject(new Error("quota")),
      remove: () => Promise.reject(new Error("quota")),
    };
    const { memory } = setUp({ area: { storage: { local: broken, session: broken }, items: {} } });
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
  });
});
