// The callback memory's worker side on the service worker's stores (the one fake browser): the key
// it hashes with is the signed-in agent's callbackKey, read from the secrets in storage.session,
// else a key of this browser session, also in storage.session; storage.local holds the hashes and
// never a key, and a key an earlier version left there goes at start-up.
import { createHmac, webcrypto } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "../../../tests/unit/fake-browser.ts";
import { openStores, STORES } from "../../background/stores.ts";
import type { WorkerCore } from "../../background/worker-feature.ts";
import { CONFIG_DEFAULTS } from "../../domain/config.ts";
import type { Secrets } from "../../domain/connection-state.ts";
import { trackSnapshot } from "../../domain/reservation-lifecycle.ts";
import { startCallbackMemory } from "./worker.ts";

const T0 = Date.UTC(2026, 10, 24, 15, 42);
const ADA = "ada.lovelace@chhj.com";
const GRACE = "grace.hopper@chhj.com";
/** What the token service derives for an agent (docs/token-service.md), from a secret of its own. */
const keyOf = (identity: string) =>
  createHmac("sha256", "service secret").update(`hunkbridge-callback-memory:${identity}`).digest();

function secretsOf(identity: string, callbackKey: string | null): Secrets {
  return {
    flexToken: "flex",
    flexExpiresAtMs: null,
    worker: { token: "wt", identity, expiresAtMs: T0 + 3_600_000, eventBridge: null, callbackKey },
    agent: identity,
    backoff: null,
  };
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
const callback = (from: string) =>
  reservation({ direction: "inbound", from, to: CONFIG_DEFAULTS.outboundCallerId }, "pending");

/** The part on the worker's stores, as background.ts starts it; `fake` is the browser's storage. */
function setUp(fake = fakeBrowser()) {
  const stores = openStores(fake.browser.storage);
  const core = {
    stores,
    crypto: webcrypto as unknown as Crypto,
    now: () => T0 + 60_000,
    config: () => CONFIG_DEFAULTS,
    republishSession: () => {},
  } as unknown as WorkerCore;
  return { part: startCallbackMemory(core), stores, fake };
}

/** What the memory kept for one number, as a hash, on disk. */
const keptHashes = (fake: ReturnType<typeof fakeBrowser>) =>
  (
    (fake.areas.local[STORES.callbackMemory.key] as { leads: Array<{ numberKey: string }> } | undefined)
      ?.leads ?? []
  ).map((lead) => lead.numberKey);

describe("startCallbackMemory", () => {
  it("hashes with the signed-in agent's callbackKey from the token service: no key on disk, none made", async () => {
    const { part, stores, fake } = setUp();
    await stores.secrets.save(secretsOf(ADA, keyOf(ADA).toString("base64url")));
    part.agentChanged?.(ADA);
    await part.remember(weblead("L-1", "6175550123"));
    expect(keptHashes(fake)).toEqual([createHmac("sha256", keyOf(ADA)).update("6175550123").digest("hex")]);
    expect(await part.leadIdFor(callback("+16175550123"))).toBe("L-1");
    expect(Object.keys(fake.areas.local)).toEqual([STORES.callbackMemory.key]);
    expect(fake.areas.session).not.toHaveProperty(STORES.callbackSessionKey.key);
  });

  it("finds the lead again after a browser restart, when the service gives the agent its key again", async () => {
    const first = setUp();
    await first.stores.secrets.save(secretsOf(ADA, keyOf(ADA).toString("base64url")));
    first.part.agentChanged?.(ADA);
    await first.part.remember(weblead("L-7", "6175550123"));
    // A browser restart: storage.local stays, storage.session (the secrets with the key) is gone.
    const restarted = fakeBrowser();
    Object.assign(restarted.areas.local, structuredClone(first.fake.areas.local));
    const second = setUp(restarted);
    expect(await second.part.leadIdFor(callback("+16175550123"))).toBeNull(); // not signed in yet
    await second.stores.secrets.save(secretsOf(ADA, keyOf(ADA).toString("base64url")));
    second.part.forgetClients?.();
    expect(await second.part.leadIdFor(callback("+16175550123"))).toBe("L-7");
  });

  it("without a callbackKey, hashes with a key of this browser session kept in storage.session only", async () => {
    const { part, stores, fake } = setUp();
    await stores.secrets.save(secretsOf(ADA, null));
    part.agentChanged?.(ADA);
    await part.remember(weblead("L-1", "6175550123"));
    const sessionKey = fake.areas.session[STORES.callbackSessionKey.key];
    expect(sessionKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keptHashes(fake)).toEqual([
      createHmac("sha256", Buffer.from(String(sessionKey), "hex"))
        .update("6175550123")
        .digest("hex"),
    ]);
    expect(Object.keys(fake.areas.local)).toEqual([STORES.callbackMemory.key]);
    expect(await part.leadIdFor(callback("+16175550123"))).toBe("L-1");
  });

  it("hashes with the current agent's key: another agent signing in gets their own, and finds nothing of the last", async () => {
    const { part, stores, fake } = setUp();
    await stores.secrets.save(secretsOf(ADA, keyOf(ADA).toString("base64url")));
    part.agentChanged?.(ADA);
    await part.remember(weblead("L-1", "6175550123"));
    await stores.secrets.save(secretsOf(GRACE, keyOf(GRACE).toString("base64url")));
    part.agentChanged?.(GRACE);
    part.forgetClients?.();
    expect(await part.leadIdFor(callback("+16175550123"))).toBeNull();
    await part.remember(weblead("L-2", "6175550123"));
    expect(keptHashes(fake)).toEqual([createHmac("sha256", keyOf(GRACE)).update("6175550123").digest("hex")]);
  });

  it("deletes at start-up the key an earlier version kept in storage.local, and leaves the memory", async () => {
    const fake = fakeBrowser();
    fake.areas.local[STORES.callbackMemoryKey.key] = "ab".repeat(32);
    fake.areas.local[STORES.callbackMemory.key] = { agent: ADA, leads: [] };
    const { part } = setUp(fake);
    await part.started?.();
    expect(fake.areas.local).not.toHaveProperty(STORES.callbackMemoryKey.key);
    expect(fake.areas.local).toHaveProperty(STORES.callbackMemory.key);
  });

  it("starts even when that deletion fails, saying so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fake = fakeBrowser();
    fake.browser.storage.local.remove = vi.fn(() => Promise.reject(new Error("busy")));
    const { part } = setUp(fake);
    await expect(part.started?.()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      "HunkBridge: could not delete the old callback memory key",
      expect.any(Error),
    );
    warn.mockRestore();
  });
});
