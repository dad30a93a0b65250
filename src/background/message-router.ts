/**
 * Answers requests from the popup, the options page and the content scripts: validate the
 * message, check that its sender may send it, then act. Every reply carries the current view, and
 * what its request asked for (REPLIES in messages.ts).
 */
import {
  type AgentView,
  parse,
  REPLIES,
  type Reply,
  type ReplyTo,
  Request,
  type RequestType,
} from "../protocol/messages.ts";
import { ALLOWED_SENDERS, type SenderInfo, type SenderRole } from "./sender-role.ts";

type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
/** What a handler adds to the view in its reply: nothing for most requests. */
type ExtrasOf<T extends RequestType> = Omit<ReplyTo<T>, "ok" | "view">;
type HandlerResult<T extends RequestType> = keyof ExtrasOf<T> extends never ? undefined : ExtrasOf<T>;

/** One handler per request type; what it returns is added to the reply. */
export type RequestHandlers = {
  [T in RequestType]: (request: RequestOf<T>, sender: SenderInfo) => Promise<HandlerResult<T>>;
};

/** A message that failed validation: its claimed type (unchecked) and who sent it. */
export type InvalidRequest = { type: unknown; role: SenderRole | null; error: string };

export async function routeRequest(
  raw: unknown,
  sender: SenderInfo,
  roleOf: (sender: SenderInfo) => SenderRole | null,
  handlers: RequestHandlers,
  /** The view a reply carries, as that sender's role may see it. */
  view: (role: SenderRole) => AgentView,
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
    const handler = handlers[request.type] as (r: Request, s: SenderInfo) => Promise<object | undefined>;
    const extras = await handler(request, sender);
    return { ok: true, view: view(role), ...extras } as Reply;
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The core's handlers and the features', as one table: each request type answered exactly once.
 * Checked when the worker starts (every test that makes one runs it), as the parts come as a list.
 */
export function allHandlers(
  core: Partial<RequestHandlers>,
  features: Partial<RequestHandlers>[],
): RequestHandlers {
  const all: Partial<RequestHandlers> = { ...core };
  for (const part of features) {
    for (const type of Object.keys(part) as RequestType[]) {
      if (type in all) throw new Error(`two handlers for ${type}`);
    }
    Object.assign(all, part);
  }
  const missing = (Object.keys(REPLIES) as RequestType[]).filter((type) => !(type in all));
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(", ")}`);
  return all as RequestHandlers;
}
