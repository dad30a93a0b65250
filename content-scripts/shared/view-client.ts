/**
 * A content script's side of the agent view (Flex and Hunkware alike): a runtime Port named
 * VIEW_PORT on which the service worker pushes the whole view on every change.
 * Every push is validated; a malformed one or a lost port makes the view unknown (null), which the
 * transfer guard treats as "block". The port is reopened with a growing delay: Chrome stops an idle
 * service worker, which closes the port.
 */
import {
  type AgentView,
  type OkReply,
  parse,
  type Request,
  readReply,
  VIEW_PORT,
  ViewPush,
} from "../../src/protocol/messages.ts";

/** The parts of runtime.Port and runtime the client needs (webextension-polyfill's shapes). */
export interface PortLike {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}
export interface RuntimeLike {
  connect(info: { name: string }): PortLike;
  sendMessage(message: unknown): Promise<unknown>;
}

export interface ViewClientOptions {
  runtime: RuntimeLike;
  onView(view: AgentView | null, problem: string | null): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  log?(line: string): void;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

export function connectView(opts: ViewClientOptions): { close(): void } {
  let port: PortLike | null = null;
  let timer: unknown = null;
  let attempt = 0;
  let closed = false;

  const open = () => {
    timer = null;
    if (closed) return;
    try {
      port = opts.runtime.connect({ name: VIEW_PORT });
    } catch (error) {
      // The extension was reloaded or removed: this copy of the script is orphaned for good.
      port = null;
      opts.onView(null, `lost contact with the extension (${String(error)})`);
      return;
    }
    port.onMessage.addListener((message) => {
      const parsed = parse(ViewPush, message);
      attempt = 0;
      if (parsed.ok) opts.onView(parsed.value.view, null);
      else {
        opts.log?.(`ignored a malformed view push (${parsed.error})`);
        opts.onView(null, parsed.error);
      }
    });
    port.onDisconnect.addListener(() => {
      port = null;
      opts.onView(null, "lost contact with the extension");
      if (closed) return;
      const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] as number;
      attempt++;
      timer = opts.setTimeout(open, delay);
    });
  };
  open();

  return {
    close() {
      closed = true;
      if (timer !== null) opts.clearTimeout(timer);
      port?.disconnect();
      port = null;
    },
  };
}

/**
 * Sends a request to the service worker; a refusal, no answer or a malformed reply becomes an
 * exception saying which.
 */
export async function sendRequest(runtime: RuntimeLike, request: Request): Promise<OkReply> {
  const reply = readReply(await runtime.sendMessage(request));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export type SetAvailableResult = { ok: true; view: AgentView | null } | { ok: false; error: string };

/** Asks the service worker to set the agent Available (allowed from role "flex"). */
export async function requestSetAvailable(runtime: RuntimeLike): Promise<SetAvailableResult> {
  try {
    const reply = await sendRequest(runtime, { type: "set-available" });
    return { ok: true, view: reply.view };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
