/**
 * The one client of the service worker, for the popup, the options page and the content scripts
 * alike:
 * - `request()` sends a request and reads its reply against that request's schema (REPLIES), so
 *   a refusal, no answer or a malformed reply is an exception saying which;
 * - `connectView()` keeps a runtime Port named VIEW_PORT open, on which the service worker pushes
 *   the whole view on every change. Each push is validated. Chrome stops an idle service worker,
 *   which closes the port: it is reopened with a growing delay (which wakes the worker).
 * The runtime is a parameter (chrome.runtime or webextension-polyfill's browser.runtime, which
 * both return promises in MV3), so this unit-tests with fakes.
 */
import {
  type AgentView,
  type FillPush,
  PortPush,
  parse,
  type ReplyTo,
  type Request,
  type RequestType,
  readReply,
  VIEW_PORT,
} from "./messages.ts";

/** The parts of runtime.Port and runtime the client needs. */
export interface PortLike {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}
export interface RuntimeLike {
  connect(info: { name: string }): PortLike;
  sendMessage(message: unknown): Promise<unknown>;
}

export async function request<T extends RequestType>(
  runtime: Pick<RuntimeLike, "sendMessage">,
  message: Extract<Request, { type: T }>,
): Promise<ReplyTo<T>> {
  const reply = readReply(message.type as T, await runtime.sendMessage(message));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export interface ViewClientOptions {
  runtime: RuntimeLike;
  /** Each valid view push. */
  onView(view: AgentView): void;
  /** The fill pushed to a Hunkware page as its port opens (messages.ts, FillPush); others get none. */
  onFill?(push: FillPush): void;
  /**
   * The view can't be trusted until the next valid push: a malformed push, or the port closed
   * (`reconnecting`: it is being reopened). Content scripts then forget the view (the transfer
   * guard blocks); the popup keeps showing it with a note.
   */
  onLost(problem: string, reconnecting: boolean): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  log?(line: string): void;
}

/** Delays before reopening the port, by attempt since the last push (the last one repeats). */
export const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

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
      opts.onLost(`lost contact with the extension (${String(error)})`, false);
      return;
    }
    port.onMessage.addListener((message) => {
      const parsed = parse(PortPush, message);
      attempt = 0;
      if (!parsed.ok) {
        opts.log?.(`ignored a malformed view push (${parsed.error})`);
        opts.onLost(parsed.error, false);
      } else if (parsed.value.type === "view") opts.onView(parsed.value.view);
      else opts.onFill?.(parsed.value);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (closed) return;
      opts.onLost("lost contact with the extension", true);
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
