/**
 * The service worker's view of the agent, live, for the popup: the protocol client's view port
 * (src/protocol/client.ts) as a Preact hook. While the port is reopened (Chrome stopped the idle
 * worker) the popup keeps showing the last view with a note, so it never goes stale or blank.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { connectView, request } from "../src/protocol/client.ts";
import type { AgentView, Request } from "../src/protocol/messages.ts";

export function useAgentView(): { view: AgentView | null; error: string | null } {
  const [view, setView] = useState<AgentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const client = connectView({
      runtime: browser.runtime,
      onView: (next) => {
        setView(next);
        setError(null);
      },
      onLost: (problem, reconnecting) => setError(reconnecting ? "reconnecting to the extension…" : problem),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    return () => client.close();
  }, []);
  return { view, error };
}

/** Sends one of the popup's requests; resolves with the view it answers with, or throws why not. */
export async function send(message: Request): Promise<AgentView> {
  return (await request(browser.runtime, message)).view;
}
