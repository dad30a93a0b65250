/**
 * Run by close.test.ts in a child process: puts the emulator under load (open socket, heartbeats,
 * a pending reservation timer, a keep-alive HTTP connection), closes it and then does nothing.
 * The process must exit on its own; anything left running would keep it alive. It reports what
 * still holds the event loop right after close().
 */
import { WebSocket } from "ws";
import { startEmulator } from "../../sandbox/emulator/index.ts";

const emulator = await startEmulator({ heartbeatMs: 50 });
const identity = "ada.lovelace@chhj.com";
const flexToken = await emulator.admin.issueFlexToken(identity);
const reply = await fetch(emulator.tokenUrl, { method: "POST", body: JSON.stringify({ flexToken }) });
const { token } = (await reply.json()) as { token: string };

const ws = new WebSocket(
  `${emulator.wsServer}?token=${token}&closeExistingSessions=false&clientVersion=2.1.1`,
);
await new Promise((resolve) => ws.once("message", resolve)); // init
emulator.admin.createTask({ identity, kind: "weblead", timeoutSeconds: 600 });
await new Promise((resolve) => setTimeout(resolve, 120)); // a few heartbeats

const socketClosed = new Promise((resolve) => ws.once("close", resolve));
await emulator.close();
await socketClosed;
process.stdout.write("closed\n");
// What still keeps the event loop alive once close() is done, for the test to read: it must be
// nothing of the emulator's (a timer, a socket, a server).
setImmediate(() => process.stdout.write(`${JSON.stringify(process.getActiveResourcesInfo())}\n`));
