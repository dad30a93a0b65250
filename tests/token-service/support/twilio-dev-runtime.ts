import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join, relative, sep } from "node:path";
import { FUNCTIONS_DIR } from "./token-service.ts";

/**
 * Runs token-service/ in Twilio's own local runtime (@twilio/runtime-handler, the version pinned
 * in token-service/package.json, which `twilio serverless:start` uses too), in this process:
 * express, its body parsing, the `event` it builds (headers, parsed body), the `context` (the
 * given env) and the real `Twilio.Response` and `Runtime` globals. The deployed handler runs
 * unmodified, with the real Flex token validator (stub its transport with stubIamTransport).
 */

interface DevServer {
  getApp(): Parameters<typeof createServer>[1];
}

const { LocalDevelopmentServer } = createRequire(FUNCTIONS_DIR)("@twilio/runtime-handler/dev") as {
  LocalDevelopmentServer: new (port: number, config: Record<string, unknown>) => DevServer;
};

/** Functions as the serverless toolkit lists them for deployment. */
function routes() {
  const functions = readdirSync(FUNCTIONS_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .map((file) => {
      const filePath = join(FUNCTIONS_DIR, file);
      const name = relative(FUNCTIONS_DIR, filePath).split(sep).join("/");
      const access = name.includes(".private.")
        ? "private"
        : name.includes(".protected.")
          ? "protected"
          : "public";
      return {
        name,
        access,
        content: "",
        filePath,
        path: `/${name.replace(/(\.private|\.protected)?\.js$/, "")}`,
      };
    });
  return { functions, assets: [] };
}

export interface DevRuntime {
  url: string;
  close(): Promise<void>;
}

export async function startDevRuntime(env: Record<string, string>): Promise<DevRuntime> {
  const dev = new LocalDevelopmentServer(0, {
    baseDir: join(FUNCTIONS_DIR, ".."),
    env: { ...env },
    url: "http://127.0.0.1",
    routes: routes(),
    forkProcess: false,
    live: false,
    logs: false,
    detailedLogs: false,
    legacyMode: false,
    enableDebugLogs: false,
    appName: "hunkbridge-token-service-test",
  });
  const server = createServer(dev.getApp());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
