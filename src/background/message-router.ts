/**
 * Answers requests from the popup, the options page and the content scripts: validate the
 * message, check that its sender may send it, then act.
 */
import {
  ALLOWED_SENDERS,
  parse,
  type Reply,
  Request,
  type SenderInfo,
  type SenderRole,
} from "../protocol/messages.ts";

export interface RequestHandlers {
  view(): Reply & { ok: true };
  flexToken(token: string, expiresAtMs: number | null): Promise<void>;
  setActivity(activitySid: string): Promise<void>;
  setAvailable(): Promise<void>;
  retry(): Promise<void>;
}

export async function routeRequest(
  raw: unknown,
  sender: SenderInfo,
  roleOf: (sender: SenderInfo) => SenderRole | null,
  handlers: RequestHandlers,
): Promise<Reply> {
  const parsed = parse(Request, raw);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const request = parsed.value;
  const role = roleOf(sender);
  if (!role || !ALLOWED_SENDERS[request.type].includes(role)) {
    return { ok: false, error: `${request.type} is not accepted from ${role ?? "an unknown sender"}` };
  }
  try {
    switch (request.type) {
      case "get-view":
        break;
      case "flex-token":
        await handlers.flexToken(request.token, request.expiresAtMs);
        break;
      case "set-activity":
        await handlers.setActivity(request.activitySid);
        break;
      case "set-available":
        await handlers.setAvailable();
        break;
      case "retry-connection":
        await handlers.retry();
        break;
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return handlers.view();
}
