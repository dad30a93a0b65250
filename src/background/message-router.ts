/**
 * Answers requests from the popup, the options page and the content scripts: validate the
 * message, check that its sender may send it, then act. Every reply carries the current view.
 */
import {
  type AgentView,
  ALLOWED_SENDERS,
  parse,
  type Reply,
  Request,
  type SenderInfo,
  type SenderRole,
} from "../protocol/messages.ts";

type RequestOf<T extends Request["type"]> = Extract<Request, { type: T }>;
type Extras = Omit<Extract<Reply, { ok: true }>, "ok" | "view">;

/** One handler per request type; what it returns is added to the reply. */
export type RequestHandlers = {
  [T in Request["type"]]: (request: RequestOf<T>, sender: SenderInfo) => Promise<Extras | undefined>;
};

/** A message that failed validation: its claimed type (unchecked) and who sent it. */
export type InvalidRequest = { type: unknown; role: SenderRole | null; error: string };

export async function routeRequest(
  raw: unknown,
  sender: SenderInfo,
  roleOf: (sender: SenderInfo) => SenderRole | null,
  handlers: RequestHandlers,
  view: () => AgentView,
  // An invalid message is answered with the reason, but some (a Flex token the worker can't take)
  // also leave the agent stuck: this lets the worker say so where the agent looks.
  invalid: (request: InvalidRequest) => void = () => {},
): Promise<Reply> {
  const parsed = parse(Request, raw);
  if (!parsed.ok) {
    invalid({ type: (raw as { type?: unknown } | null)?.type, role: roleOf(sender), error: parsed.error });
    return { ok: false, error: parsed.error };
  }
  const request = parsed.value;
  const role = roleOf(sender);
  if (!role || !ALLOWED_SENDERS[request.type].includes(role)) {
    return { ok: false, error: `${request.type} is not accepted from ${role ?? "an unknown sender"}` };
  }
  try {
    const handler = handlers[request.type] as (r: Request, s: SenderInfo) => Promise<Extras | undefined>;
    const extras = await handler(request, sender);
    return { ok: true, view: view(), ...extras };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
