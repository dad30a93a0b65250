import type { WebSocket } from "ws";

/**
 * The open EventBridge sockets, grouped by worker. A worker may have several at once (Flex's page
 * and the extension's service worker): events go to all of them, and a new session never kicks an
 * old one (a kicked SDK reconnects at once, so two clients would fight forever).
 */

interface SocketInfo {
  workerSid: string;
  /** The SDK's setWorkerOfflineIfDisconnected query flag; absent counts as true, like Twilio. */
  offlineIfDisconnected: boolean;
}

export class SocketHub {
  private readonly sockets = new Map<WebSocket, SocketInfo>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private closing = false;
  heartbeatsEnabled = true;

  constructor(
    private readonly heartbeatMs: number,
    /** Called when a worker's last socket closed (not on emulator shutdown). */
    private readonly onLastSocketClosed: (workerSid: string, offlineIfDisconnected: boolean) => void,
  ) {
    // One timer for every socket: the real server sends "\n" every 15 s; the SDK reconnects after
    // 30-60 s without any frame, and Chrome stops an idle MV3 service worker after ~30 s.
    this.heartbeatTimer = setInterval(() => {
      if (this.heartbeatsEnabled) this.broadcastRaw("\n");
    }, heartbeatMs);
  }

  add(socket: WebSocket, info: SocketInfo): void {
    if (this.closing) {
      socket.terminate(); // upgraded while the emulator was shutting down
      return;
    }
    this.sockets.set(socket, info);
    socket.on("error", () => socket.terminate());
    socket.on("close", () => {
      this.sockets.delete(socket);
      if (!this.closing && this.count(info.workerSid) === 0) {
        this.onLastSocketClosed(info.workerSid, info.offlineIfDisconnected);
      }
    });
  }

  count(workerSid: string): number {
    let n = 0;
    for (const info of this.sockets.values()) if (info.workerSid === workerSid) n++;
    return n;
  }

  /** Sends one text frame to a socket (the SDK calls .trim() on data, so never a binary frame). */
  sendFrame(socket: WebSocket, text: string): void {
    if (socket.readyState === socket.OPEN) socket.send(text, { binary: false });
  }

  /** Pushes `{event_type, payload}` to every socket of the worker; returns how many got it. */
  push(workerSid: string, eventType: string, payload: unknown): number {
    const frame = JSON.stringify({ event_type: eventType, payload });
    let sent = 0;
    for (const [socket, info] of this.sockets) {
      if (info.workerSid !== workerSid || socket.readyState !== socket.OPEN) continue;
      this.sendFrame(socket, frame);
      sent++;
    }
    return sent;
  }

  /** Cuts the worker's sockets without a close handshake, as a network drop would. */
  drop(workerSid: string): number {
    let dropped = 0;
    for (const [socket, info] of this.sockets) {
      if (info.workerSid !== workerSid) continue;
      socket.terminate();
      dropped++;
    }
    return dropped;
  }

  private broadcastRaw(text: string): void {
    for (const socket of this.sockets.keys()) this.sendFrame(socket, text);
  }

  /** Shutdown: stop heartbeats and cut every socket, without the offline-on-disconnect rule. */
  closeAll(): void {
    this.closing = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    for (const socket of this.sockets.keys()) socket.terminate();
    this.sockets.clear();
  }

  get intervalMs(): number {
    return this.heartbeatMs;
  }
}
