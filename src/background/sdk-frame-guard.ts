/**
 * twilio-taskrouter throws inside its socket handler when a task's attributes are not JSON, and
 * the reservation is lost (no event ever reaches us). This module must be imported before the
 * SDK: the SDK takes `WebSocket` from the global object when it loads, and gets this subclass,
 * which repairs such frames (the attributes become "{}") and keeps the original text aside, so
 * the agent still gets the reservation, with a card that says what could not be read.
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
