// @vitest-environment happy-dom
// The Flex token relay against a fake service worker: what it says in Flex's console about the reply.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PAGE_TOKEN_SOURCE } from "../../../src/protocol/messages.ts";
import { view } from "../fake-view.ts";

const fake = { sendMessage: vi.fn() };
// The relay uses Chrome's own runtime (promise-returning in MV3), not webextension-polyfill.
vi.stubGlobal("chrome", { runtime: { sendMessage: fake.sendMessage } });

const TOKEN = "aaaa.bbbbbbbbbbbb.cccc";

beforeAll(async () => {
  await import("../../../content-scripts/flex/token-relay.ts");
});
afterEach(() => {
  fake.sendMessage.mockReset();
  vi.restoreAllMocks();
});

/** Posts the token as the MAIN-world reader does; returns what the relay warned once the reply came. */
async function relay(reply: () => Promise<unknown>): Promise<string[]> {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  warn.mockClear();
  fake.sendMessage.mockReset().mockImplementation(reply);
  window.dispatchEvent(
    new MessageEvent("message", {
      data: { source: PAGE_TOKEN_SOURCE, token: TOKEN, expiresAtMs: null },
      origin: window.location.origin,
      source: window as unknown as MessageEventSource,
    }),
  );
  await vi.waitFor(() => expect(fake.sendMessage).toHaveBeenCalled());
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(fake.sendMessage).toHaveBeenCalledWith({ type: "flex-token", token: TOKEN, expiresAtMs: null });
  return warn.mock.calls.map((args) => args.map(String).join(" "));
}

describe("the Flex token relay", () => {
  it("stays quiet when the service worker takes the token", async () => {
    expect(await relay(async () => ({ ok: true, view: view() }))).toEqual([]);
  });

  it("says why the service worker refused the token", async () => {
    expect(await relay(async () => ({ ok: false, error: "invalid message at token: too short" }))).toEqual([
      "HunkBridge: the service worker did not take the Flex token: invalid message at token: too short",
    ]);
  });

  it("says so when no one answered or the send failed", async () => {
    expect(await relay(async () => undefined)).toEqual([
      "HunkBridge: the service worker did not take the Flex token: the extension did not answer",
    ]);
    expect(await relay(() => Promise.reject(new Error("Could not establish connection")))).toEqual([
      "HunkBridge: the service worker did not take the Flex token: Could not establish connection",
    ]);
  });

  it("never takes a malformed reply for a yes", async () => {
    const warned = await relay(async () => ({ ok: true, view: { connection: "yes" } }));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /^HunkBridge: the service worker did not take the Flex token: the extension's reply is malformed: invalid message at view\.connection: /,
    );
  });
});
