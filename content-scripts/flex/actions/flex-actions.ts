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
