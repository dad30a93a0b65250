import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { FUNCTIONS_DIR } from "./token-service.ts";

/**
 * Stand-ins for the globals the Twilio Functions runtime provides: `Twilio.Response` (as in
 * @twilio/runtime-handler: status 200, headers, body; appendHeader adds) and
 * `Runtime.getFunctions()`, whose keys are built the way the serverless toolkit names deployed
 * functions (path under functions/, without ".js" and ".private"/".protected"), so a module
 * renamed the wrong way fails here as it would when deployed.
 */

export class FakeTwilioResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown = null;

  setStatusCode(code: number): this {
    this.statusCode = code;
    return this;
  }

  appendHeader(name: string, value: string): this {
    if (name in this.headers) throw new Error(`header ${name} appended twice`);
    this.headers[name] = value;
    return this;
  }

  setBody(body: unknown): this {
    this.body = body;
    return this;
  }
}

function deployedFunctions(): Record<string, { path: string }> {
  const entries: Record<string, { path: string }> = {};
  for (const file of readdirSync(FUNCTIONS_DIR, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".js")) continue;
    const key = relative(FUNCTIONS_DIR, join(FUNCTIONS_DIR, file))
      .split(sep)
      .join("/")
      .replace(/(\.private|\.protected)?\.js$/, "");
    entries[key] = { path: join(FUNCTIONS_DIR, file) };
  }
  return entries;
}

/** Installs the globals; returns a function that removes them again. */
export function installTwilioRuntime(): () => void {
  const globals = globalThis as Record<string, unknown>;
  const saved = { Twilio: globals.Twilio, Runtime: globals.Runtime };
  globals.Twilio = { Response: FakeTwilioResponse };
  globals.Runtime = { getFunctions: deployedFunctions };
  return () => {
    globals.Twilio = saved.Twilio;
    globals.Runtime = saved.Runtime;
  };
}
