import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExchangeRequest, ExchangeResponse } from "./token-service.ts";

/**
 * Serves the token service's exchange over real HTTP on 127.0.0.1 (port 0), handing it the raw
 * body text, so the contract test can send the same requests to it and to the sandbox emulator.
 */

// Stop buffering far past the service's own limit: what is kept is still over it, so it answers 413.
const MAX_BUFFERED_BYTES = 64 * 1024;

export interface LocalTokenService {
  tokenUrl: string;
  close(): Promise<void>;
}

export async function serveTokenService(
  service: (request: ExchangeRequest) => Promise<ExchangeResponse>,
): Promise<LocalTokenService> {
  const server = createServer(async (req, res) => {
    const text = await readText(req);
    const result = await service({
      method: req.method,
      headers: req.headers,
      body: text === "" ? undefined : text,
    });
    const payload = result.body === null ? "" : JSON.stringify(result.body);
    res.writeHead(result.status, result.headers);
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size >= MAX_BUFFERED_BYTES) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}
