import { type ClientRequest, type IncomingMessage, type RequestOptions, STATUS_CODES } from "node:http";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { vi } from "vitest";
import type { FakeIam } from "./fake-flex-validator.ts";
import { FUNCTIONS_DIR } from "./token-service.ts";

/**
 * Lets the REAL twilio-flex-token-validator run without network: `https.request`, which the
 * package looks up on the shared `https` module at every call, is replaced by an in-process
 * exchange with a FakeIam (or a scripted transport failure). The response carries IAM's HTTP
 * status (`statusCode`, `statusMessage`) and JSON Content-Type as a real one would, even though
 * the package reads neither. Undo with `vi.restoreAllMocks()`.
 */

export interface SeenRequest {
  options: RequestOptions;
  body: string;
  /** The HTTP status it was answered with; absent when the transport failed. */
  status?: number;
}

export type Transport =
  | { kind: "iam" }
  | { kind: "error"; message: string }
  /** A reply that is not IAM's, e.g. a proxy's HTML error page; status default 200. */
  | { kind: "raw"; text: string; status?: number };

export interface IamTransport {
  seen: SeenRequest[];
  /** What the next requests meet; default: the fake IAM. */
  transport: Transport;
}

const https = createRequire(FUNCTIONS_DIR)("node:https") as typeof import("node:https");

export function stubIamTransport(iam: FakeIam): IamTransport {
  const state: IamTransport = { seen: [], transport: { kind: "iam" } };
  vi.spyOn(https, "request").mockImplementation(((
    options: RequestOptions,
    onResponse: (res: IncomingMessage) => void,
  ) => {
    const req = new PassThrough();
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("finish", () => {
      const seen: SeenRequest = { options, body };
      state.seen.push(seen);
      const { transport } = state;
      if (transport.kind === "error") {
        req.emit("error", new Error(transport.message));
        return;
      }
      const respond = (status: number, contentType: string, text: string) => {
        seen.status = status;
        const res = Object.assign(new PassThrough(), {
          statusCode: status,
          statusMessage: STATUS_CODES[status],
          headers: { "content-type": contentType },
        });
        onResponse(res as unknown as IncomingMessage);
        res.end(text);
      };
      if (transport.kind === "raw") return respond(transport.status ?? 200, "text/html", transport.text);
      const accountSid = /\/v1\/Accounts\/([^/]+)\/Tokens\/validate$/.exec(String(options.path))?.[1] ?? "";
      const auth = String((options.headers as Record<string, string>).Authorization).replace(/^Basic /, "");
      const [user = "", password = ""] = Buffer.from(auth, "base64").toString("utf8").split(":");
      const token = (JSON.parse(body) as { token: string }).token;
      const reply = iam.answer(accountSid, user, password, token);
      respond(reply.status, "application/json", JSON.stringify(reply.body));
    });
    return req as unknown as ClientRequest;
  }) as unknown as typeof https.request);
  return state;
}
