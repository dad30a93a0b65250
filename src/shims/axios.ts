// twilio-taskrouter 2.1.1 pulls in axios (~59 kB) only for its REST calls through the EventBridge
// proxy (its `Request` class; docs/taskrouter-wire.md §2). vite.config.ts aliases "axios" to this
// file for the extension build; Node (emulator tests) and the sandbox pages (esbuild) keep the real
// axios. The SDK uses exactly:
//   axios.default.create({ method: "POST", timeout: 15e3, headers: { clientVersion }, httpsAgent })
//   client.post(ebServer, jsonText, { headers: { apiVersion, "If-Match"? } })
// then reads `response.data.payload`, and in `handleError` `error.response.status`,
// `error.response.data.message`, `error.request` (truthy means network error) and `error.message`.
// This stand-in does only that, the way axios's fetch adapter (the one a service worker gets) does.

export interface AxiosShimConfig {
  method?: string;
  timeout?: number;
  headers?: Record<string, string>;
  /** Node-only TLS agent the SDK passes; fetch has no use for it. */
  httpsAgent?: unknown;
}

export interface AxiosShimRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface AxiosShimResponse {
  data: unknown;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  config: AxiosShimConfig;
  request: AxiosShimRequest;
}

export class AxiosShimError extends Error {
  override name = "AxiosError";
  readonly isAxiosError = true;

  constructor(
    message: string,
    readonly code: string,
    readonly config: AxiosShimConfig,
    readonly request: AxiosShimRequest,
    readonly response?: AxiosShimResponse,
  ) {
    super(message);
  }
}

export interface AxiosShimInstance {
  post(url: string, data: string, config?: AxiosShimConfig): Promise<AxiosShimResponse>;
}

/** Headers axios sends for a POST with a string body: its defaults, then instance, then call headers. */
const DEFAULT_POST_HEADERS = {
  Accept: "application/json, text/plain, */*",
  // axios's dispatchRequest labels every POST body it has not typed; the SDK's body is JSON text.
  "Content-Type": "application/x-www-form-urlencoded",
};

/** axios's default transformResponse: JSON when it parses, the raw text otherwise. */
function parseBody(text: string): unknown {
  if (!text) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function post(
  defaults: AxiosShimConfig,
  url: string,
  data: string,
  callConfig: AxiosShimConfig = {},
): Promise<AxiosShimResponse> {
  const config: AxiosShimConfig = {
    ...defaults,
    ...callConfig,
    method: "POST",
    headers: { ...DEFAULT_POST_HEADERS, ...defaults.headers, ...callConfig.headers },
  };
  const headers = config.headers ?? {};
  const request: AxiosShimRequest = { url, method: "POST", headers, body: data };
  const timeout = config.timeout ?? 0;
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeout > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeout)
      : undefined;
  let response: AxiosShimResponse;
  try {
    // The timeout covers reading the body too, as in axios.
    const res = await fetch(url, { method: "POST", headers, body: data, signal: controller.signal });
    const text = await res.text();
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      resHeaders[name] = value;
    });
    response = {
      data: parseBody(text),
      status: res.status,
      statusText: res.statusText,
      headers: resHeaders,
      config,
      request,
    };
  } catch (err) {
    if (timedOut) throw new AxiosShimError(`timeout of ${timeout}ms exceeded`, "ETIMEDOUT", config, request);
    const error =
      err instanceof TypeError
        ? new AxiosShimError("Network Error", "ERR_NETWORK", config, request)
        : new AxiosShimError(
            err instanceof Error ? err.message : String(err),
            "ERR_UNKNOWN",
            config,
            request,
          );
    Object.defineProperty(error, "cause", { value: err, writable: true, configurable: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (response.status >= 200 && response.status < 300) return response;
  throw new AxiosShimError(
    `Request failed with status code ${response.status}`,
    response.status >= 400 && response.status < 500 ? "ERR_BAD_REQUEST" : "ERR_BAD_RESPONSE",
    config,
    request,
    response,
  );
}

export function create(defaults: AxiosShimConfig = {}): AxiosShimInstance {
  return { post: (url, data, config) => post(defaults, url, data, config) };
}

// The SDK does `interopRequireDefault(require("axios")).default.create(...)`; the bundler's
// require() of an ES module yields its namespace marked __esModule, so `default` must carry create.
export default { create };
