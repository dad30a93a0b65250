import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { vi } from "vitest";
import type { FakeIam } from "./fake-flex-validator.ts";
import { FUNCTIONS_DIR } from "./token-service.ts";

/**
 * Lets the REAL twilio-flex-token-validator run without network: `https.request`, which the
 * package looks up on the shared `https` module at every call, is replaced by an in-process
 * exchange with a FakeIam (or a scripted transport failure). Undo with `vi.restoreAllMocks()`.
 */

export interface SeenRequest {
  options: RequestOptions;
  body: string;
}

export type Transport = { kind: "iam" } | { kind: "error"; message: string } | { kind: "raw"; text: string };

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
      state.seen.push({ options, body });
      const { transport } = state;
      if (transport.kind === "error") {
        req.emit("error", new Error(transport.message));
        return;
      }
      const res = new PassThrough();
      onResponse(res as unknown as IncomingMessage);
      if (transport.kind === "raw") return void res.end(transport.text);
      const accountSid = /\/v1\/Accounts\/([^/]+)\/Tokens\/validate$/.exec(String(options.path))?.[1] ?? "";
      const auth = String((options.headers as Record<string, string>).Authorization).replace(/^Basic /, "");
      const [user = "", password = ""] = Buffer.from(auth, "base64").toString("utf8").split(":");
      const token = (JSON.parse(body) as { token: string }).token;
      res.end(JSON.stringify(iam.answer(accountSid, user, password, token).body));
    });
    return req as unknown as ClientRequest;
  }) as unknown as typeof https.request);
  return state;
}
