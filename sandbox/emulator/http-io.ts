import type { IncomingMessage, ServerResponse } from "node:http";
import { badRequest, EmulatorError } from "./errors.ts";

/**
 * Body reading, JSON replies and CORS for every HTTP route. Flex fixture pages on other origins
 * call the token service and the REST proxy from a page, so every reply carries
 * Access-Control-Allow-Origin and preflights are answered permissively (including Chrome's
 * Private Network Access preflight for a public origin calling 127.0.0.1).
 */

export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Vary", "Origin");
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  setCorsHeaders(req, res);
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  // The SDK sends custom headers (apiVersion, clientVersion, If-Match): echo whatever is asked.
  res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "*");
  res.setHeader("Access-Control-Max-Age", "600");
  if (req.headers["access-control-request-private-network"]) {
    res.setHeader("Access-Control-Allow-Private-Network", "true");
  }
  res.writeHead(204).end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads the whole body as text. A body over `limitBytes` is a 413 EmulatorError, raised once the
 * body has been read (so the client gets the 413 rather than a reset connection); a body far
 * beyond the limit is cut off.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else if (size > limitBytes * 64) {
        reject(new EmulatorError(413, `request body over ${limitBytes} bytes`));
        req.destroy();
      }
    });
    req.on("end", () => {
      if (size > limitBytes) reject(new EmulatorError(413, `request body over ${limitBytes} bytes`));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

/**
 * Parses a body as a JSON object whatever the Content-Type (the SDK posts JSON labelled
 * application/x-www-form-urlencoded). An empty body counts as `{}` when `emptyIsObject`.
 */
export function parseJsonObject(text: string, emptyIsObject = false): Record<string, unknown> {
  if (text.trim() === "" && emptyIsObject) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Renders any thrown value as `{[key]: message}` with its status (500 for unexpected errors). */
export function sendError(
  res: ServerResponse,
  err: unknown,
  key: "message" | "error",
  log: (l: string) => void,
): void {
  if (err instanceof EmulatorError) {
    sendJson(res, err.status, { [key]: err.message });
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  log(`internal error: ${message}`);
  sendJson(res, 500, { [key]: `emulator internal error: ${message}` });
}
