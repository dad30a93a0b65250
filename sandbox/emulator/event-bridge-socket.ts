import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { EmulatorContext } from "./context.ts";
import { EmulatorError } from "./errors.ts";
import type { WorkerTokens } from "./tokens.ts";

/**
 * The EventBridge socket, `ws://…/v1/wschannels?token=…&closeExistingSessions=…&clientVersion=…
 * [&setWorkerOfflineIfDisconnected=…]`. Server → client only: an `init` frame at once (the SDK
 * does nothing until it arrives), then pushed events and "\n" heartbeats from the SocketHub.
 */

export const EVENT_BRIDGE_PATH = "/v1/wschannels";

export function createEventBridge(ctx: EmulatorContext, tokens: WorkerTokens) {
  const wss = new WebSocketServer({ noServer: true });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== EVENT_BRIDGE_PATH) return refuse(socket, 404, "Not Found");
    let claims: Awaited<ReturnType<WorkerTokens["verify"]>>;
    try {
      claims = await tokens.verify(url.searchParams.get("token"));
    } catch (err) {
      ctx.log(`socket refused: ${err instanceof EmulatorError ? err.message : String(err)}`);
      return refuse(socket, 401, "Unauthorized");
    }
    const worker = ctx.store.workers.get(claims.workerSid);
    if (!worker) return refuse(socket, 401, "Unauthorized");

    wss.handleUpgrade(req, socket, head, (ws) => {
      const offlineFlag = url.searchParams.get("setWorkerOfflineIfDisconnected");
      ctx.hub.add(ws, { workerSid: worker.sid, offlineIfDisconnected: offlineFlag !== "false" });
      if (url.searchParams.get("closeExistingSessions") === "true") {
        // Kicking the other session (Flex, or the extension) would make the two SDKs fight:
        // each one reconnects at once when closed. Only note that it was asked for.
        ctx.log(`worker ${worker.identity} asked closeExistingSessions=true; existing sessions kept`);
      }
      const { workspace } = ctx.store;
      ctx.hub.sendFrame(
        ws,
        JSON.stringify({
          event_type: "init",
          payload: {
            channel_id: worker.sid,
            account_sid: workspace.accountSid,
            workspace_sid: workspace.workspaceSid,
            // Milliseconds; without it the SDK fires tokenExpired at once and stops reconnecting.
            token_lifetime: Math.max(0, claims.exp * 1000 - Date.now()),
          },
        }),
      );
      ctx.log(
        `socket opened for ${worker.identity} (${ctx.hub.count(worker.sid)} open, ` +
          `setWorkerOfflineIfDisconnected=${offlineFlag ?? "unset"})`,
      );
      ws.on("close", () =>
        ctx.log(`socket closed for ${worker.identity} (${ctx.hub.count(worker.sid)} open)`),
      );
    });
  }

  return {
    handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      handleUpgrade(req, socket, head).catch(() => socket.destroy());
    },
    close: () => wss.close(),
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
