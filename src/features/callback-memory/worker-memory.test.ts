import { createHmac, webcrypto } from "node:crypto";
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
const SESSION_KEY_KEY = STORES.callbackSessionKey.key;
/** Two agents' keys as the token service gives them (CONTRACT §3): 43 base64url characters. */
const ADA_KEY = Buffer.alloc(32, 1).toString("base64url");
const GRACE_KEY = Buffer.alloc(32, 2).toString("base64url");

/**
 * storage.local and storage.session as Chrome keeps them (the fake browser's): `items` is what
 * storage.local holds (the disk), `session` what storage.session holds (memory).
 */
function memoryArea(
  initial: Record<string, unknown> = {},
  initialSession: Record<string, unknown> = {},
): {
  storage: StorageLike;
  items: Record<string, unknown>;
  session: Record<string, unknown>;
} {
  const fake = fakeBrowser();
  Object.assign(fake.areas.local, structuredClone(initial));
  Object.assign(fake.areas.session, structuredClone(initialSession));
  return { storage: fake.browser.storage, items: fake.areas.local, session: fake.areas.session };
}

/** The hash the memory must keep for a number under a key's bytes: HMAC-SHA-256, in hex. */
const hmacHex = (key: Uint8Array, digits: string) =>
  createHmac("sha256", Buffer.from(key)).update(digits).digest("hex");

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

function setUp(
  opts: {
    area?: ReturnType<typeof memoryArea>;
    days?: number;
    /** The signed-in agent's callbackKey, as the secrets hold it; null: the service gave none. */
    agentKey?: { current: string | null };
  } = {},
) {
  const clock = { now: T0 + 60_000 };
  let linked = 0;
  const area = opts.area ?? memoryArea();
  const agentKey = opts.agentKey ?? { current: null };
  const memory = new CallbackMemory({
    memory: openStore(STORES.callbackMemory, area.storage),
    agentKey: async () => agentKey.current,
    sessionKey: openStore(STORES.callbackSessionKey, area.storage),
    subtle: webcrypto.subtle as SubtleCrypto,
    randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
    now: () => clock.now,
    days: () => opts.days ?? 14,
    linked: () => linked++,
  });
  return { memory, area, clock, agentKey, linkedCount: () => linked };
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
    expect(stored).not.toMatch(/6175550123|617\D555\D0123|Pat Q|p@q/);
    expect(area.items[MEMORY_KEY]).toEqual({
      agent: "ada",
      leads: [
        { numberKey: expect.stringMatching(/^[0-9a-f]{64}$/), leadId: "L-1", calledAtMs: expect.any(Number) },
      ],
    });
    // The key is not on disk: only the memory is.
    expect(Object.keys(area.items)).toEqual([MEMORY_KEY]);
  });

  it("survives a service-worker restart: a new instance on the same storage finds the lead with the session key", async () => {
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

  it("replaces a malformed session key and a malformed memory instead of failing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const area = memoryArea({ [MEMORY_KEY]: { agent: 3, leads: "x" } }, { [SESSION_KEY_KEY]: "not hex" });
    const { memory } = setUp({ area });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
    expect(area.session[SESSION_KEY_KEY]).toMatch(/^[0-9a-f]{64}$/);
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      expect.stringContaining(`"${MEMORY_KEY}"`),
      expect.stringContaining(`"${SESSION_KEY_KEY}"`),
    ]);
    warn.mockRestore();
  });

  it("keeps the session key it cannot read: a new one would orphan what this session remembered", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const first = setUp();
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-1", "6175550123"));
    const key = first.area.session[SESSION_KEY_KEY];
    const session = first.area.storage.session;
    const flaky: StorageAreaLike = { ...session, get: () => Promise.reject(new Error("busy")) };
    const second = setUp({ area: { ...first.area, storage: { ...first.area.storage, session: flaky } } });
    await second.memory.remember(weblead("L-2", "6175550199"));
    expect(first.area.session[SESSION_KEY_KEY]).toBe(key);
    // Asked again once storage answers: the key it kept finds the first lead.
    second.area.storage.session.get = session.get;
    expect(await second.memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
    errors.mockRestore();
  });

  it("a storage that fails loses the memory, never the screen-pop: lookups answer null", async () => {
    const broken: StorageAreaLike = {
      get: () => Promise.reject(new Error("quota")),
      set: () => Promise.reject(new Error("quota")),
      remove: () => Promise.reject(new Error("quota")),
    };
    const { memory } = setUp({
      area: { storage: { local: broken, session: broken }, items: {}, session: {} },
    });
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
  });
});

describe("CallbackMemory's key: the agent's from the token service, else this browser session's", () => {
  it("hashes with the agent's callbackKey, and makes no key of its own, on disk or in memory", async () => {
    const { memory, area } = setUp({ agentKey: { current: ADA_KEY } });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(area.items[MEMORY_KEY]).toMatchObject({
      leads: [{ numberKey: hmacHex(Buffer.alloc(32, 1), "6175550123"), leadId: "L-1" }],
    });
    expect(Object.keys(area.items)).toEqual([MEMORY_KEY]);
    expect(area.session).toEqual({});
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
  });

  it("finds the lead after a browser restart: the service gives the agent the same key again", async () => {
    const first = setUp({ agentKey: { current: ADA_KEY } });
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-7", "6175550123"));
    // A browser restart: storage.session is gone, storage.local stays.
    const restarted = memoryArea(structuredClone(first.area.items));
    const second = setUp({ area: restarted, agentKey: { current: ADA_KEY } });
    await second.memory.agentIs("ada");
    expect(await second.memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-7" });
  });

  it("without an agent key works within the browser session only: after a restart the lead is not found", async () => {
    const first = setUp();
    await first.memory.agentIs("ada");
    await first.memory.remember(weblead("L-7", "6175550123"));
    expect(first.area.session[SESSION_KEY_KEY]).toMatch(/^[0-9a-f]{64}$/);
    const restarted = memoryArea(structuredClone(first.area.items));
    const second = setUp({ area: restarted });
    await second.memory.agentIs("ada");
    expect(await second.memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
  });

  it("takes the current key at every hash: a changed key finds nothing it did not hash, and throws nothing", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { memory, agentKey } = setUp({ agentKey: { current: ADA_KEY } });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    // The service's secret was rotated: the same agent, another key.
    agentKey.current = GRACE_KEY;
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
    await memory.remember(weblead("L-2", "6175550123"));
    memory.forgetLinks();
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-2" });
    // The service stops giving keys: the session key, and nothing under the agent's is found.
    agentKey.current = null;
    memory.forgetLinks();
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
    // And back: what was kept under the agent's key is found again, within the window.
    agentKey.current = ADA_KEY;
    memory.forgetLinks();
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toMatchObject({ leadId: "L-1" });
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it("takes a stored agent key that is not one as none: the session key", async () => {
    const { memory, area } = setUp({ agentKey: { current: "not a key" } });
    await memory.agentIs("ada");
    await memory.remember(weblead("L-1", "6175550123"));
    expect(area.session[SESSION_KEY_KEY]).toMatch(/^[0-9a-f]{64}$/);
    const sessionKey = Buffer.from(String(area.session[SESSION_KEY_KEY]), "hex");
    expect(area.items[MEMORY_KEY]).toMatchObject({
      leads: [{ numberKey: hmacHex(sessionKey, "6175550123") }],
    });
  });

  it("a failed read of the agent's key loses the lookup, never the screen-pop: null, logged", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const area = memoryArea();
    const memory = new CallbackMemory({
      memory: openStore(STORES.callbackMemory, area.storage),
      agentKey: () => Promise.reject(new Error("storage.session busy")),
      sessionKey: openStore(STORES.callbackSessionKey, area.storage),
      subtle: webcrypto.subtle as SubtleCrypto,
      randomBytes: (n) => webcrypto.getRandomValues(new Uint8Array(n)),
      now: () => T0,
      days: () => 14,
      linked: () => {},
    });
    await memory.remember(weblead("L-1", "6175550123"));
    expect(await memory.leadFor(callback("+16175550123"), CALLER_ID)).toBeNull();
    // Nothing was hashed under a key that is not the agent's.
    expect(area.session).toEqual({});
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
