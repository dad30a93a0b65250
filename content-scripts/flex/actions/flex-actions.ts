/**
 * The part of Flex's Actions framework HunkBridge's MAIN-world listeners use
 * (`Twilio.Flex.Actions`, @twilio/flex-ui 2.x, docs/flex-apis.md), and the link to the isolated
 * world they report through. Shared by the features' `flex-page.ts` listeners.
 */
import type { DialVerdict, FromFlexActions } from "../../../src/protocol/messages.ts";

export type ActionListener = (payload: unknown, abortFunction?: unknown) => unknown;
type Payload = Record<string, unknown>;
type Action = (payload: Payload) => Promise<unknown>;
/**
 * Flex's ReplacedActionFunction: the action in place of the original. Flex 2.17.1 passes the
 * built-in action as `original` and the rest of the chain (replacements added before) as `next`.
 */
export type ReplacedAction = (payload: Payload, original: Action, next?: Action) => Promise<unknown>;

export interface FlexActionsLike {
  addListener(event: string, listener: ActionListener): void;
  removeListener(event: string, listener: ActionListener): void;
  invokeAction(name: string, payload?: unknown): Promise<unknown>;
  replaceAction(name: string, action: ReplacedAction): void;
}

/**
 * Where Flex 2.17.1 keeps the listeners: a public EventEmitter (its bundle's Actions class has
 * `this.emitter`), so any script on the page can take them off. Read to see whether ours are still
 * there; absent in another Flex, where that can't be known.
 */
function listenersOf(actions: FlexActionsLike, event: string): unknown[] | null {
  try {
    const emitter = (actions as { emitter?: { listeners?: (event: string) => unknown } }).emitter;
    const listeners = emitter?.listeners?.(event);
    return Array.isArray(listeners) ? listeners : null;
  } catch {
    return null;
  }
}

/**
 * A listener on Flex's Actions that puts itself back when another script took it off (Flex's
 * emitter is public): `ensure()` says whether it was there, put back, or can't be known.
 */
export interface KeptListener {
  ensure(): "kept" | "restored" | "unknown";
  remove(): void;
}

export function keepListener(
  actions: FlexActionsLike,
  event: string,
  listener: ActionListener,
): KeptListener {
  actions.addListener(event, listener);
  return {
    ensure() {
      const listeners = listenersOf(actions, event);
      if (!listeners) return "unknown";
      if (listeners.includes(listener)) return "kept";
      actions.addListener(event, listener);
      return "restored";
    },
    remove: () => actions.removeListener(event, listener),
  };
}

/** The worst of several listeners' ensure(): one put back means the page took ours off. */
export function worstOf(
  states: Array<ReturnType<KeptListener["ensure"]>>,
): ReturnType<KeptListener["ensure"]> {
  if (states.includes("restored")) return "restored";
  return states.includes("unknown") ? "unknown" : "kept";
}

/** What is reported without waiting for an answer (questions carry an id). */
export type Report = FromFlexActions extends infer M
  ? M extends { id: string }
    ? never
    : Omit<M, "source" | "to">
  : never;

export interface ExtensionLink {
  /** The isolated world's verdict on a number, or null when it didn't answer in time. */
  checkDial(destination: string): Promise<DialVerdict | null>;
  /** Tells the extension the agent signed out of Flex; false when it didn't answer in time. */
  signedOut(): Promise<boolean>;
  report(message: Report): void;
}

/**
 * Stops the action. Flex hands every before-listener its abort function; a listener that throws
 * instead does not stop anything (Flex logs it and runs the action, and a synchronous throw even
 * skips the listeners after it), so without that function all we can do is say so loudly.
 */
export function abortAction(abortFunction: unknown, why: string, warn: (line: string) => void): boolean {
  if (typeof abortFunction === "function") {
    abortFunction();
    return true;
  }
  warn(`could not stop this action (Flex gave no abort function): ${why}`);
  return false;
}

export function asRecord(payload: unknown): Record<string, unknown> | null {
  return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
}
