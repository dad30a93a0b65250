/**
 * A content script's line to the service worker: the agent's view, live over a port (validated
 * on arrival), and requests answered with a validated reply. If the service worker restarts, the
 * port drops and is reopened, so the page keeps following the agent's state.
 */
import browser from "webextension-polyfill";
import {
  type AgentView,
  parse,
  type Reply,
  type Request,
  VIEW_PORT,
  ViewPush,
} from "../../src/protocol/messages.ts";

export type ViewListener = (view: AgentView) => void;

export function followView(
  listener: ViewListener,
  onProblem: (message: string) => void = console.warn,
): () => void {
  let port: browser.Runtime.Port | null = null;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    try {
      port = browser.runtime.connect({ name: VIEW_PORT });
    } catch (error) {
      // The extension was updated or removed under this page: nothing to follow any more.
      stopped = true;
      onProblem(`HunkBridge: lost the extension (${String(error)})`);
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const parsed = parse(ViewPush, message);
      if (parsed.ok) listener(parsed.value.view);
      else onProblem(`HunkBridge: ignored a malformed view (${parsed.error})`);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      // The extension was reloaded or its service worker restarted: reconnect shortly.
      if (!stopped) setTimeout(open, 500);
    });
  };
  open();
  return () => {
    stopped = true;
    port?.disconnect();
  };
}

export async function request(message: Request): Promise<Extract<Reply, { ok: true }>> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply | undefined;
  if (!reply) throw new Error("the extension did not answer");
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}
