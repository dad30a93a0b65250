import { describe, expect, it, vi } from "vitest";
import {
  checkHunkware,
  checkSignIn,
  checkTokenService,
  testConnection,
} from "../../../options/connection-test.ts";
import { INITIAL_VIEW } from "../../../src/background/session-view.ts";
import { CONFIG_DEFAULTS } from "../../../src/domain/config.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";

const TOKEN = "https://token.example/token";
const HUNKWARE = "https://hunkware.example";

const CONNECTED: AgentView["connection"] = {
  status: "connected",
  detail: null,
  identity: "ada.lovelace@chhj.com",
  retryAtMs: null,
};

function deps(
  answer: (url: string, init?: RequestInit) => Response | Promise<Response>,
  access = true,
  worker: () => Promise<unknown> = async () => ({
    ok: true,
    view: { ...INITIAL_VIEW, connection: CONNECTED },
  }),
) {
  return {
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => answer(String(input), init)),
    hasAccess: vi.fn(async () => access),
    askWorker: vi.fn(worker),
    timeoutMs: 50,
  };
}

describe("checkSignIn", () => {
  const withConnection = (connection: AgentView["connection"]) =>
    deps(
      () => new Response(""),
      true,
      async () => ({ ok: true, view: { ...INITIAL_VIEW, connection } }),
    );

  it("passes when the worker is signed in, and asks it for its view", async () => {
    const d = withConnection(CONNECTED);
    expect(await checkSignIn(d)).toEqual({
      name: "Sign-in",
      target: null,
      ok: true,
      message: "signed in as ada.lovelace@chhj.com",
    });
    expect(d.askWorker).toHaveBeenCalledWith({ type: "get-view" });
  });

  it("says why the agent is not signed in, in the worker's words", async () => {
    const unusable = "Flex handed over a sign-in token HunkBridge cannot use (the Flex token is not text).";
    expect(
      await checkSignIn(withConnection({ ...CONNECTED, status: "waiting-for-flex", detail: unusable })),
    ).toMatchObject({ ok: false, message: `Waiting for Flex: ${unusable}` });
    expect(
      await checkSignIn(withConnection({ ...CONNECTED, status: "refused", detail: null })),
    ).toMatchObject({
      ok: false,
      message:
        "Sign-in refused: The token service refused your Flex sign-in. If Flex itself works, tell your admin.",
    });
  });

  it("fails clearly when the worker does not answer or answers nonsense", async () => {
    const silent = deps(
      () => new Response(""),
      true,
      async () => {
        throw new Error("Could not establish connection. Receiving end does not exist.");
      },
    );
    expect(await checkSignIn(silent)).toMatchObject({ ok: false, message: /did not answer.*Receiving end/ });
    const garbled = deps(
      () => new Response(""),
      true,
      async () => ({ ok: true, view: { connection: "yes" } }),
    );
    expect(await checkSignIn(garbled)).toMatchObject({ ok: false, message: /unreadable/ });
  });
});

describe("checkTokenService", () => {
  it("counts a refused empty request (400/401) as alive", async () => {
    for (const status of [400, 401]) {
      const d = deps(() => new Response("{}", { status }));
      expect(await checkTokenService(TOKEN, d)).toMatchObject({
        ok: true,
        message: expect.stringContaining(`HTTP ${status}`),
      });
      const [, init] = d.fetch.mock.calls[0] ?? [];
      expect(init).toMatchObject({ method: "POST", body: "{}" });
    }
  });

  it("names what failed", async () => {
    const cases: Array<[() => Response | Promise<Response>, RegExp]> = [
      [() => new Response("", { status: 404 }), /HTTP 404: no token service at this address/],
      [() => new Response("", { status: 503 }), /HTTP 503: the token service is failing/],
      [() => new Response("{}", { status: 200 }), /does not behave like the token service/],
      [() => Promise.reject(new TypeError("Failed to fetch")), /unreachable/],
      [() => new Promise<Response>(() => {}), /no answer within/],
    ];
    for (const [answer, message] of cases) {
      expect(await checkTokenService(TOKEN, deps(answer))).toMatchObject({
        ok: false,
        message: expect.stringMatching(message),
      });
    }
  });

  it("reports a missing tokenUrl and missing access without fetching", async () => {
    const d = deps(() => new Response("", { status: 400 }), false);
    expect(await checkTokenService(null, d)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not configured/),
    });
    expect(await checkTokenService(TOKEN, d)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no access to https:\/\/token\.example/),
    });
    expect(d.fetch).not.toHaveBeenCalled();
  });
});

describe("checkHunkware", () => {
  it("accepts a page or a sign-in wall, refuses 404 and 5xx", async () => {
    expect(
      (
        await checkHunkware(
          HUNKWARE,
          deps(() => new Response("ok")),
        )
      ).ok,
    ).toBe(true);
    expect(
      (
        await checkHunkware(
          HUNKWARE,
          deps(() => new Response("", { status: 401 })),
        )
      ).ok,
    ).toBe(true);
    expect(
      await checkHunkware(
        HUNKWARE,
        deps(() => new Response("", { status: 404 })),
      ),
    ).toMatchObject({
      ok: false,
      message: "HTTP 404: check hunkwareUrl",
    });
    expect(
      (
        await checkHunkware(
          HUNKWARE,
          deps(() => new Response("", { status: 502 })),
        )
      ).message,
    ).toMatch(/failing/);
  });
});

describe("testConnection", () => {
  it("checks the sign-in, the token service, Hunkware and each Flex origin", async () => {
    const config = {
      ...CONFIG_DEFAULTS,
      tokenUrl: TOKEN,
      flexOrigins: ["https://a.example", "https://b.example"],
    };
    const results = await testConnection(
      config,
      deps((url) => new Response("", { status: url === TOKEN ? 400 : 200 })),
    );
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ["Sign-in", true],
      ["Token service", true],
      ["Hunkware", true],
      ["Flex", true],
      ["Flex", true],
    ]);
  });
});
