/**
 * The MAIN world's end of the link to the isolated world: window.postMessage on the page's own
 * origin, each side reading only the messages addressed to it (`to`) and validating them with the
 * protocol's schemas. A number check and a sign-out each wait for their answer at most
 * `answerWithinMs`.
 */
import { PAGE_ACTIONS_SOURCE, parse, ToFlexActions } from "../../../src/protocol/messages.ts";
import type { ExtensionLink } from "./listeners.ts";

type Answer = Extract<ToFlexActions, { id: string }>;
type Command = Exclude<ToFlexActions, Answer>;

export interface PageLink extends ExtensionLink {
  dispose(): void;
}

/**
 * `copy`: this copy's name. Every copy on the page hears every message: a command for another copy
 * is not ours to run, and our questions' ids start with our name so that no other copy's answer
 * settles them.
 */
export function connectPageLink(
  win: Window,
  copy: string,
  onCommand: (command: Command) => void,
  answerWithinMs: number,
): PageLink {
  /**
   * Questions asked, by id: each settles with its answer (of the kind it waits for), or with null
   * when none came in time.
   */
  const waiting = new Map<string, { kind: Answer["kind"]; settle: (answer: Answer | null) => void }>();
  let next = 0;

  // Taken once, now (at document_start, before any page script): a page script that replaces
  // window.postMessage later can't silence this half.
  const postMessage = win.postMessage.bind(win);
  const origin = win.location.origin;
  const post = (message: object) =>
    postMessage({ source: PAGE_ACTIONS_SOURCE, to: "extension", ...message }, origin);

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
    if (!("id" in message)) {
      if ("copy" in message && message.copy !== copy) return;
      return onCommand(message);
    }
    const question = waiting.get(message.id);
    if (question?.kind === message.kind) question.settle(message);
  };
  win.addEventListener("message", onMessage);

  /** Posts a question with a new id and waits for the answer of that kind with that id. */
  const ask = <K extends Answer["kind"]>(
    kind: K,
    question: (id: string) => object,
  ): Promise<Extract<Answer, { kind: K }> | null> => {
    const id = `${copy}-${kind}-${++next}`;
    return new Promise((resolve) => {
      const timer = win.setTimeout(() => settle(null), answerWithinMs);
      const settle = (answer: Answer | null) => {
        win.clearTimeout(timer);
        waiting.delete(id);
        resolve(answer as Extract<Answer, { kind: K }> | null);
      };
      waiting.set(id, { kind, settle });
      post(question(id));
    });
  };

  return {
    async checkDial(destination) {
      const answer = await ask("dial-checked", (id) => ({ kind: "check-dial", id, destination }));
      return answer?.verdict ?? null;
    },
    async signedOut() {
      return (await ask("signed-out-noted", (id) => ({ kind: "signed-out", id }))) !== null;
    },
    report: (message) => post(message),
    dispose() {
      win.removeEventListener("message", onMessage);
      for (const { settle } of [...waiting.values()]) settle(null);
    },
  };
}
