/**
 * Holds the agent's view and pushes every change to the open popups and content scripts over
 * runtime ports. Ports are accepted only from senders the protocol trusts. A page's content script
 * gets the view without the agent's history and day timings (`forPage()`): only the popup shows
 * them, and a push goes to every Flex and Hunkware tab on every change.
 */
import type { Runtime } from "webextension-polyfill";
import type { AgentView, ViewPush } from "../protocol/messages.ts";

/** Who reads a port or a reply: the extension's own pages, or a content script in a web page. */
export type Audience = "extension" | "page";

/** The view as a page's content script gets it: the popup's own history and timings left out. */
export function forPage(view: AgentView): AgentView {
  return { ...view, history: [], today: { ...view.today, tasks: [] } };
}

export function viewFor(audience: Audience, view: AgentView): AgentView {
  return audience === "page" ? forPage(view) : view;
}

export class ViewHub {
  private readonly ports = new Map<Runtime.Port, Audience>();

  constructor(private current: AgentView) {}

  get view(): AgentView {
    return this.current;
  }

  update(patch: Partial<AgentView>): void {
    this.current = { ...this.current, ...patch };
    const pushes: Record<Audience, ViewPush | null> = { extension: null, page: null };
    for (const [port, audience] of this.ports) {
      pushes[audience] ??= { type: "view", view: viewFor(audience, this.current) };
      try {
        port.postMessage(pushes[audience]);
      } catch {
        // The page went away between its disconnect and our push.
        this.ports.delete(port);
      }
    }
  }

  attach(port: Runtime.Port, audience: Audience): void {
    this.ports.set(port, audience);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    const push: ViewPush = { type: "view", view: viewFor(audience, this.current) };
    port.postMessage(push);
  }
}
