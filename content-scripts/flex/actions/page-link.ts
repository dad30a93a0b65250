/**
 * The MAIN world's end of the link to the isolated world: window.postMessage on the page's own
 * origin, each side reading only the messages addressed to it (`to`) and validating them with the
 * protocol's schemas. A number check waits for its answer at most `answerWithinMs`.
 */
import {
  type DialVerdict,
  PAGE_ACTIONS_SOURCE,
  parse,
  ToFlexActions,
} from "../../../src/protocol/messages.ts";
import type { ExtensionLink } from "./listeners.ts";

type Command = Exclude<ToFlexActions, { kind: "dial-checked" }>;

export interface PageLink extends ExtensionLink {
  dispose(): void;
}

export function connectPageLink(
  win: Window,
  onCommand: (command: Command) => void,
  answerWithinMs: number,
): PageLink {
  const waiting = new Map<string, (verdict: DialVerdict | null) => void>();
  let next = 0;

  const post = (message: object) =>
    win.postMessage({ source: PAGE_ACTIONS_SOURCE, to: "extension", ...message }, win.location.origin);

  const onMessage = (event: MessageEvent) => {
    if (event.source !== win || event.origin !== win.location.origin) return;
    const data = event.data as { source?: unknown; to?: unknown } | null;
    if (data?.source !== PAGE_ACTIONS_SOURCE || data.to !== "page") return;
    const parsed = parse(ToFlexActions, data);
    if (!parsed.ok) {
      console.warn(`HunkBridge: ignored a malformed message from the extension (${parsed.error})`);
      return;
    }
    const message = parsed.value;
    if (message.kind === "dial-checked") waiting.get(message.id)?.(message.verdict);
    else onCommand(message);
  };
  win.addEventListener("message", onMessage);

  return {
    checkDial(destination) {
      const id = `dial-${++next}`;
      return new Promise<DialVerdict | null>((resolve) => {
        const timer = win.setTimeout(() => settle(null), answerWithinMs);
        const settle = (verdict: DialVerdict | null) => {
          win.clearTimeout(timer);
          waiting.delete(id);
          resolve(verdict);
        };
        waiting.set(id, settle);
        post({ kind: "check-dial", id, destination });
      });
    },
    report: (message) => post(message),
    dispose() {
      win.removeEventListener("message", onMessage);
      for (const settle of [...waiting.values()]) settle(null);
    },
  };
}
