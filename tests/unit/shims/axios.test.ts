import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import axios, { AxiosShimError, type AxiosShimResponse } from "../../../src/shims/axios.ts";

const EB = "https://event-bridge.twilio.com/v1/wschannels";
const BODY = JSON.stringify({ url: "Workspaces/WS1/Workers/WK1", method: "GET", params: {}, token: "jwt" });

interface Call {
  url: string;
  init: RequestInit;
}

let calls: Call[];
let reply: (call: Call) => Promise<Response>;

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return reply(call);
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The client exactly as the SDK's Request constructor builds it. */
function sdkClient() {
  return axios.create({
    method: "POST",
    timeout: 15e3,
    headers: { clientVersion: "2.1.1" },
    httpsAgent: {},
  });
}

/** The SDK's `handleError`, reduced to the message it would throw. */
function sdkMessage(e: unknown): string {
  const err = e as {
    response?: { status: number; data: { message?: string } };
    request?: unknown;
    message: string;
  };
  if (err.response) {
    return err.response.status < 500
      ? `Request failed with status code ${err.response.status}. ${err.response.data.message}`
      : `Server responded with status code ${err.response.status}. ${err.response.data.message}`;
  }
  return err.request ? `Network error has occurred. ${err.message}` : `Error: ${err.message}`;
}

async function rejection(p: Promise<unknown>): Promise<AxiosShimError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AxiosShimError);
  return e as AxiosShimError;
}

describe("axios shim", () => {
  it("POSTs the SDK's JSON text labelled x-www-form-urlencoded with its headers", async () => {
    reply = async () => new Response(JSON.stringify({ payload: { sid: "WK1" } }), { status: 200 });
    await sdkClient().post(EB, BODY, { headers: { apiVersion: "v1", "If-Match": "3" } });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(EB);
    expect(call?.init.method).toBe("POST");
    expect(call?.init.body).toBe(BODY);
    expect(call?.init.headers).toEqual({
      Accept: "application/json, text/plain, */*",
      "Content-Type": "application/x-www-form-urlencoded",
      clientVersion: "2.1.1",
      apiVersion: "v1",
      "If-Match": "3",
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it("does not leak one call's headers into the next", async () => {
    reply = async () => new Response("{}", { status: 200 });
    const client = sdkClient();
    await client.post(EB, BODY, { headers: { apiVersion: "v1", "If-Match": "3" } });
    await client.post(EB, BODY, { headers: { apiVersion: "v2" } });
    expect(calls[1]?.init.headers).toEqual({
      Accept: "application/json, text/plain, */*",
      "Content-Type": "application/x-www-form-urlencoded",
      clientVersion: "2.1.1",
      apiVersion: "v2",
    });
  });

  it("resolves a 2xx with {data, status, statusText, headers, config}", async () => {
    reply = async () =>
      new Response(JSON.stringify({ payload: { sid: "WR1" } }), {
        status: 200,
        statusText: "OK",
        headers: { "Content-Type": "application/json" },
      });
    const res: AxiosShimResponse = await sdkClient().post(EB, BODY, { headers: { apiVersion: "v1" } });
    expect(res.data).toEqual({ payload: { sid: "WR1" } });
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("OK");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.config.timeout).toBe(15e3);
    expect(res.request.url).toBe(EB);
  });

  it("keeps a body that is not JSON as text, as axios does", async () => {
    reply = async () => new Response("plain words", { status: 200 });
    expect((await sdkClient().post(EB, BODY)).data).toBe("plain words");
  });

  it("rejects a 4xx with response {status, data.message} and request", async () => {
    reply = async () => new Response(JSON.stringify({ message: "Invalid token" }), { status: 401 });
    const e = await rejection(sdkClient().post(EB, BODY, { headers: { apiVersion: "v1" } }));
    expect(e.message).toBe("Request failed with status code 401");
    expect(e.code).toBe("ERR_BAD_REQUEST");
    expect(e.response?.status).toBe(401);
    expect(e.response?.data).toEqual({ message: "Invalid token" });
    expect(e.request).toBeTruthy();
    expect(sdkMessage(e)).toBe("Request failed with status code 401. Invalid token");
  });

  it("rejects a 5xx as a server error", async () => {
    reply = async () => new Response(JSON.stringify({ message: "boom" }), { status: 503 });
    const e = await rejection(sdkClient().post(EB, BODY));
    expect(e.code).toBe("ERR_BAD_RESPONSE");
    expect(e.response?.status).toBe(503);
    expect(sdkMessage(e)).toBe("Server responded with status code 503. boom");
  });

  it("rejects a 5xx with a non-JSON body without throwing in the SDK's handler", async () => {
    reply = async () => new Response("Bad Gateway", { status: 502 });
    const e = await rejection(sdkClient().post(EB, BODY));
    expect(e.response?.data).toBe("Bad Gateway");
    expect(sdkMessage(e)).toBe("Server responded with status code 502. undefined");
  });

  it("rejects a network failure with request set and no response", async () => {
    reply = async () => {
      throw new TypeError("Failed to fetch");
    };
    const e = await rejection(sdkClient().post(EB, BODY));
    expect(e.message).toBe("Network Error");
    expect(e.code).toBe("ERR_NETWORK");
    expect(e.response).toBeUndefined();
    expect(e.request).toBeTruthy();
    expect((e as Error & { cause?: unknown }).cause).toBeInstanceOf(TypeError);
    expect(sdkMessage(e)).toBe("Network error has occurred. Network Error");
  });

  it("aborts after the configured timeout and rejects as a network error", async () => {
    vi.useFakeTimers();
    reply = ({ init }) =>
      new Promise((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    const pending = rejection(sdkClient().post(EB, BODY));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(calls[0]?.init.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await pending;
    expect(calls[0]?.init.signal?.aborted).toBe(true);
    expect(e.message).toBe("timeout of 15000ms exceeded");
    expect(e.code).toBe("ETIMEDOUT");
    expect(e.response).toBeUndefined();
    expect(e.request).toBeTruthy();
    expect(sdkMessage(e)).toBe("Network error has occurred. timeout of 15000ms exceeded");
  });

  it("clears its timer once the call settles", async () => {
    vi.useFakeTimers();
    reply = async () => new Response("{}", { status: 200 });
    await sdkClient().post(EB, BODY);
    expect(vi.getTimerCount()).toBe(0);
  });
});
