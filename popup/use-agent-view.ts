/**
 * The service worker's view of the agent, live: answered at once with the last state, then
 * pushed over a port on every change. Pushes are validated like every other message.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import {
  type AgentView,
  parse,
  type Reply,
  type Request,
  VIEW_PORT,
  ViewPush,
} from "../src/protocol/messages.ts";

export function useAgentView(): { view: AgentView | null; error: string | null } {
  const [view, setView] = useState<AgentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const port = browser.runtime.connect({ name: VIEW_PORT });
    port.onMessage.addListener((message: unknown) => {
      const parsed = parse(ViewPush, message);
      if (parsed.ok) setView(parsed.value.view);
      else setError(parsed.error);
    });
    port.onDisconnect.addListener(() => setError("lost contact with the extension; reopen this popup"));
    return () => port.disconnect();
  }, []);
  return { view, error };
}

/** Sends a request and turns a refusal into an exception with the service worker's reason. */
export async function send(request: Request): Promise<AgentView> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply | undefined;
  if (!reply) throw new Error("the extension did not answer");
  if (!reply.ok) throw new Error(reply.error);
  return reply.view;
}
