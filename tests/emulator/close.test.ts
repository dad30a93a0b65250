import { spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openRawSocket, startTestEmulator, workerTokenFor } from "./harness.ts";

describe("emulator: close()", () => {
  it("closes open sockets, releases the port and may be called twice", async () => {
    const emulator = await startTestEmulator({ heartbeatMs: 20 });
    const socket = await openRawSocket(emulator, await workerTokenFor(emulator, "ada@chhj.com"));
    emulator.admin.createTask({ identity: "ada@chhj.com", kind: "inbound", timeoutSeconds: 600 });
    const port = Number(new URL(emulator.url).port);

    await emulator.close();
    await emulator.close();
    expect(await socket.closed).toBeGreaterThan(0);
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(port, "127.0.0.1");
      probe.once("connect", () => {
        probe.destroy();
        resolve(false);
      });
      probe.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
    // No log line after close: the reservation timer and heartbeats are gone.
    const linesAtClose = emulator.lines.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(emulator.lines.length).toBe(linesAtClose);
    expect(emulator.lines).toContain("emulator closed");
  });

  it("leaves nothing running: a process that used and closed it exits by itself", async () => {
    const script = fileURLToPath(new URL("./close-child.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.on("exit", (exitCode) => {
        clearTimeout(killer);
        resolve(exitCode);
      });
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [closed, resources, ...rest] = stdout.split("\n");
    expect([closed, rest]).toEqual(["closed", [""]]);
    // Right after close(), nothing of the emulator holds the event loop: a leaked heartbeat
    // interval, the 600 s reservation timer or an open socket would be listed ("Timeout",
    // "TCPSocketWrap", "TCPServerWrap"). Only the child's own stdout may still be writing.
    const left = (JSON.parse(resources ?? "null") as string[]).filter(
      (r) => !["PipeWrap", "TTYWrap", "WriteWrap"].includes(r),
    );
    expect(left).toEqual([]);
  });
});
