/**
 * The isolated world's end of the link to HunkBridge's listeners on Flex's Actions framework
 * (content-scripts/flex/actions/): it answers their number checks with the domain's NANP rules and
 * the configured caller ID, hears what they stopped, and asks them for the cold transfer to
 * customer service the agent confirmed. Messages come only from this page's own window and origin,
 * and are validated like every other message.
 */
import { normalizeNanp } from "../../../src/domain/phone.ts";
import {
  type FromFlexActions,
  PAGE_ACTIONS_SOURCE,
  parse,
  FromFlexActions as Schema,
  type StoppedTransferOrigin,
  type ToFlexActions,
} from "../../../src/protocol/messages.ts";

export type ActionsEvent =
  | { kind: "listening" }
  | { kind: "transfer-stopped"; origin: StoppedTransferOrigin }
  | { kind: "dial-refused"; reason: string }
  | { kind: "transfer-result"; sid: string; error: string | null }
  /** `noted()` tells Flex's page the sign-out is handled (afterLogout waits for it). */
  | { kind: "signed-out"; noted(): void }
  | { kind: "flex-activity"; activity: { name: string; available: boolean } | null };

export interface ActionsLink {
  /** The MAIN-world listeners are on Flex's Actions. */
  readonly listening: boolean;
  transferToCustomerService(sid: string, targetSid: string): void;
  dispose(): void;
}

type Outgoing = ToFlexActions extends infer M
  ? M extends unknown
    ? Omit<M, "source" | "to">
    : never
  : never;

export function connectActionsLink(
  win: Window,
  callerId: () => string | null,
  onEvent: (event: ActionsEvent) => void,
): ActionsLink {
  let listening = false;
  const post = (message: Outgoing) =>
    win.postMessage({ source: PAGE_ACTIONS_SOURCE, to: "page", ...message }, win.location.origin);

  const handle = (message: FromFlexActions) => {
    switch (message.kind) {
      case "listening":
        listening = true;
        onEvent({ kind: "listening" });
        return;
      case "check-dial": {
        const phone = normalizeNanp(message.destination);
        post({
          kind: "dial-checked",
          id: message.id,
          verdict: phone.ok ? { ok: true, destination: phone.e164, callerId: callerId() } : { ok: false },
        });
        if (!phone.ok) onEvent({ kind: "dial-refused", reason: phone.error });
        return;
      }
      case "transfer-stopped":
        onEvent({ kind: "transfer-stopped", origin: message.origin });
        return;
      case "transfer-result":
        onEvent({ kind: "transfer-result", sid: message.sid, error: message.error });
        return;
      case "signed-out": {
        const { id } = message;
        onEvent({ kind: "signed-out", noted: () => post({ kind: "signed-out-noted", id }) });
        return;
      }
      case "flex-activity":
        onEvent({ kind: "flex-activity", activity: message.activity });
    }
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== win || event.origin !== win.location.origin) return;
    const data = event.data as { source?: unknown; to?: unknown } | null;
    if (data?.source !== PAGE_ACTIONS_SOURCE || data.to !== "extension") return;
    const parsed = parse(Schema, data);
    if (parsed.ok) handle(parsed.value);
    else console.warn(`HunkBridge: ignored a malformed message from Flex's page (${parsed.error})`);
  };
  win.addEventListener("message", onMessage);
  // The MAIN-world script may have started first and said "listening" to nobody.
  post({ kind: "hello" });

  return {
    get listening() {
      return listening;
    },
    transferToCustomerService: (sid, targetSid) =>
      post({ kind: "transfer-to-customer-service", sid, targetSid }),
    dispose: () => win.removeEventListener("message", onMessage),
  };
}
