// The secrets as storage.session hands them back (session-shapes.ts): the worker token carries the
// agent's callbackKey, so the callback memory's key lives with the tokens, in memory only.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { StoredSecrets } from "../../../src/background/session-shapes.ts";
import { STORES } from "../../../src/background/stores.ts";
import type { Secrets } from "../../../src/domain/connection-state.ts";

const KEY = Buffer.alloc(32, 5).toString("base64url");
const SECRETS: Secrets = {
  flexToken: "flex",
  flexExpiresAtMs: null,
  worker: { token: "wt", identity: "ada@chhj.com", expiresAtMs: 1, eventBridge: null, callbackKey: KEY },
  agent: "ada@chhj.com",
  backoff: null,
};
const read = (stored: unknown) => v.parse(StoredSecrets, JSON.parse(JSON.stringify(stored)));

describe("StoredSecrets", () => {
  it("reads back the worker token with its callbackKey", () => {
    expect(read(SECRETS)).toEqual(SECRETS);
  });

  it("keeps them in storage.session, which Chrome holds in memory only", () => {
    expect(STORES.secrets.area).toBe("session");
  });

  it("reads a worker token saved before the key was kept as having none", () => {
    const { callbackKey: _, ...older } = SECRETS.worker ?? {};
    expect(read({ ...SECRETS, worker: older }).worker).toEqual({ ...SECRETS.worker, callbackKey: null });
  });

  it.each([null, "", "not a key", `${KEY}=`, 42])(
    "reads a callbackKey %j as none, and keeps the rest of the secrets",
    (callbackKey) => {
      const worker = { ...SECRETS.worker, callbackKey };
      expect(read({ ...SECRETS, worker })).toEqual({
        ...SECRETS,
        worker: { ...SECRETS.worker, callbackKey: null },
      });
    },
  );
});
