import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdmin } from "./admin.ts";
import { ADMIN_PREFIX, handleAdminRequest } from "./admin-routes.ts";
import type { EmulatorAdmin } from "./admin-types.ts";
import type { EmulatorContext } from "./context.ts";
import { createEventBridge, EVENT_BRIDGE_PATH } from "./event-bridge-socket.ts";
import { answerPreflight, sendJson, setCorsHeaders } from "./http-io.ts";
import { Store } from "./model.ts";
import { handleProxyRequest } from "./rest-proxy.ts";
import { SocketHub } from "./socket-hub.ts";
import { Timers } from "./timers.ts";
import { handleTokenRequest, TOKEN_PATH, TokenServiceFaults } from "./token-service.ts";
import { DEFAULT_FLEX_TOKEN_SECRET, WorkerTokens } from "./tokens.ts";
import { handleLastSocketClosed } from "./worker-ops.ts";

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Interval of "\n" heartbeat frames; default 15000, like the real EventBridge. */
  heartbeatMs?: number;
  /** HS256 secret of sandbox Flex tokens; default DEFAULT_FLEX_TOKEN_SECRET. */
  flexTokenSecret?: string;
  /** Lifetime of worker tokens from the token service; default 3600. */
  workerTokenTtlSeconds?: number;
  /** One line per notable event, for a readable timeline. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/token` */
  tokenUrl: string;
  /** `${url}/v1/wschannels`: the SDK's ebServer (REST proxy). */
  ebServer: string;
  /** ws://127.0.0.1:PORT/v1/wschannels: the SDK's wsServer. */
  wsServer: string;
  accountSid: string;
  workspaceSid: string;
  /** The workspace's workflow, for `worker.createTask` (outbound calls). */
  workflowSid: string;
  /** The "Customer Service" TaskQueue, target of cold transfers. */
  customerServiceQueueSid: string;
  admin: EmulatorAdmin;
  /** Closes sockets, timers and the server; resolves when the port is released. */
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? (() => {});
  const store = new Store();
  const timers = new Timers();
  // The hub's callback runs only after a socket closes, by which time `ctx` exists.
  const hub = new SocketHub(opts.heartbeatMs ?? 15000, (workerSid, offline) =>
    handleLastSocketClosed(ctx, workerSid, offline),
  );
  const ctx: EmulatorContext = { store, timers, log, hub };
  const tokens = new WorkerTokens(store.workspace, opts.workerTokenTtlSeconds ?? 3600);
  const faults = new TokenServiceFaults();
  const flexTokenSecret = opts.flexTokenSecret ?? DEFAULT_FLEX_TOKEN_SECRET;
  const admin = createAdmin(ctx, { faults, flexTokenSecret });
  const eventBridge = createEventBridge(ctx, tokens);
  const tokenConfig = { flexTokenSecret, ebServer: "", wsServer: "" };

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/"; // no URL parsing: it can throw on junk
    if (req.method === "OPTIONS") return answerPreflight(req, res);
    setCorsHeaders(req, res);
    const post = req.method === "POST";
    if (path === EVENT_BRIDGE_PATH && post) return void handleProxyRequest(req, res, ctx, tokens);
    if (path === TOKEN_PATH && post)
      return void handleTokenRequest(req, res, { ctx, tokens, faults, config: tokenConfig });
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))
      return void handleAdminRequest(req, res, admin, log);
    const known = path === EVENT_BRIDGE_PATH || path === TOKEN_PATH;
    sendJson(res, known ? 405 : 404, { message: known ? `use POST for ${path}` : `nothing at ${path}` });
  });
  server.on("upgrade", eventBridge.handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${port}`;
  tokenConfig.ebServer = `${url}${EVENT_BRIDGE_PATH}`;
  tokenConfig.wsServer = `ws://${hostForUrl}:${port}${EVENT_BRIDGE_PATH}`;
  log(`emulator listening on ${url} (workspace ${store.workspace.workspaceSid})`);

  let closing: Promise<void> | null = null;
  return {
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    ebServer: tokenConfig.ebServer,
    wsServer: tokenConfig.wsServer,
    accountSid: store.workspace.accountSid,
    workspaceSid: store.workspace.workspaceSid,
    workflowSid: store.workspace.workflowSid,
    customerServiceQueueSid: store.queues.customerService.sid,
    admin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.clearAll();
        hub.closeAll();
        eventBridge.close();
        server.close(() => {
          log("emulator closed");
          resolve();
        });
        // Keep-alive HTTP connections (Node 20's default agent keeps them) would hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
