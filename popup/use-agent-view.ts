/**
 * The service worker's view of the agent, live: the worker pushes its last view as soon as the
 * port opens, then every change. Pushes are validated like every other message. Chrome stops an
 * idle service worker, which closes the port: the popup reconnects (waking the worker) and keeps
 * showing the last view meanwhile, so an open popup never goes stale or blank.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import {
  type AgentView,
  parse,
  type Request,
  readReply,
  VIEW_PORT,
  ViewPush,
} from "../src/protocol/messages.ts";

const RECONNECT_MS = 500;

export function useAgentView(): { view: AgentView | null; error: string | null } {
  const [view, setView] = useState<AgentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let port: browser.Runtime.Port | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const connect = () => {
      port = browser.runtime.connect({ name: VIEW_PORT });
      port.onMessage.addListener((message: unknown) => {
        const parsed = parse(ViewPush, message);
        if (parsed.ok) {
          setView(parsed.value.view);
          setError(null);
        } else setError(parsed.error);
      });
      port.onDisconnect.addListener(() => {
        port = null;
        if (closed) return;
        setError("reconnecting to the extension…");
        timer = setTimeout(connect, RECONNECT_MS);
      });
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      port?.disconnect();
    };
  }, []);
  return { view, error };
}

/**
 * Sends a request; a refusal (with the service worker's reason), no answer or a malformed reply
 * becomes an exception saying which.
 */
export async function send(request: Request): Promise<AgentView> {
  const reply = readReply(await browser.runtime.sendMessage(request));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value.view;
}
