/**
 * twilio-taskrouter throws when a task's attributes are not JSON: inside its socket handler (the
 * reservation is lost, no event reaches us) and in its start-up reads (the whole Worker fails to
 * initialise, so one bad task in hand would keep the agent disconnected). This module must be
 * imported before the SDK: the SDK takes `WebSocket` from the global object when it loads, and
 * gets this subclass, which repairs such frames; and its HTTP client calls the global `fetch`,
 * which is wrapped to repair the REST proxy's answers the same way. The attributes become "{}",
 * the original text is kept aside, and the agent still gets the reservation, with a card that
 * says what could not be read.
 */

const unreadable = new Map<string, string>();
const MAX_KEPT = 100;

/** The original attribute text of a task whose attributes were not JSON, if any. */
export function unreadableAttributes(taskSid: string): string | undefined {
  return unreadable.get(taskSid);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Repairs one task descriptor in place; true when it changed. */
function repairTask(task: unknown): boolean {
  if (!task || typeof task !== "object") return false;
  const t = task as { sid?: unknown; attributes?: unknown };
  if (typeof t.attributes !== "string" || isJsonObject(t.attributes)) return false;
  if (typeof t.sid === "string") {
    if (unreadable.size >= MAX_KEPT) unreadable.delete(unreadable.keys().next().value as string);
    unreadable.set(t.sid, t.attributes);
  }
  t.attributes = "{}";
  return true;
}

/** The frame's text with unreadable attributes repaired, or null when it needs no change. */
export function repairFrame(data: string): string | null {
  if (!data.includes('"attributes"')) return null;
  let frame: { event_type?: unknown; payload?: { task?: unknown } };
  try {
    frame = JSON.parse(data);
  } catch {
    return null; // Not ours to fix: the SDK reports non-JSON frames itself.
  }
  const type = typeof frame.event_type === "string" ? frame.event_type : "";
  const payload = frame.payload;
  let changed = false;
  if (type.startsWith("reservation.")) changed = repairTask(payload?.task);
  else if (type.startsWith("task.")) changed = repairTask(payload);
  return changed ? JSON.stringify(frame) : null;
}

/** The REST proxy's answer (`{"payload": …}`) with unreadable attributes repaired, or null. */
export function repairProxyBody(text: string): string | null {
  if (!text.includes('"attributes"')) return null;
  let body: { payload?: { contents?: unknown; task?: unknown; addons?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const payload = body.payload;
  if (!payload || typeof payload !== "object") return null;
  let changed = false;
  const items = Array.isArray(payload.contents) ? payload.contents : [payload];
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const entry = item as { task?: unknown; addons?: unknown };
    // A reservation carries its task; a task (Tasks/{WT} answers) is recognised by its addons.
    if (entry.task !== undefined) changed = repairTask(entry.task) || changed;
    else if (entry.addons !== undefined) changed = repairTask(entry) || changed;
  }
  return changed ? JSON.stringify(body) : null;
}

const nativeFetch = globalThis.fetch?.bind(globalThis);

if (nativeFetch) {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await nativeFetch(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    // The SDK's proxy calls are all POSTs answering JSON; nothing else is touched.
    const json = response.headers.get("content-type")?.includes("json") && response.body !== null;
    if (method !== "POST" || !json) return response;
    const text = await response.text();
    const repaired = repairProxyBody(text);
    return new Response(repaired ?? text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

const Native = globalThis.WebSocket;

if (Native) {
  class GuardedWebSocket extends Native {
    private handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null = null;

    override get onmessage() {
      return this.handler;
    }

    override set onmessage(handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null) {
      this.handler = handler;
      super.onmessage = handler
        ? (event: MessageEvent) => {
            const repaired = typeof event.data === "string" ? repairFrame(event.data) : null;
            return handler.call(
              this,
              repaired === null ? event : new MessageEvent("message", { data: repaired }),
            );
          }
        : null;
    }
  }
  globalThis.WebSocket = GuardedWebSocket;
}
