/**
 * Holds the agent's view and pushes every change to the open popups and content scripts over
 * runtime ports. Ports are accepted only from senders the protocol trusts.
 */
import type { Runtime } from "webextension-polyfill";
import type { AgentView, ViewPush } from "../protocol/messages.ts";

export class ViewHub {
  private readonly ports = new Set<Runtime.Port>();

  constructor(private current: AgentView) {}

  get view(): AgentView {
    return this.current;
  }

  update(patch: Partial<AgentView>): void {
    this.current = { ...this.current, ...patch };
    const push: ViewPush = { type: "view", view: this.current };
    for (const port of this.ports) {
      try {
        port.postMessage(push);
      } catch {
        // The page went away between its disconnect and our push.
        this.ports.delete(port);
      }
    }
  }

  attach(port: Runtime.Port): void {
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    const push: ViewPush = { type: "view", view: this.current };
    port.postMessage(push);
  }
}
