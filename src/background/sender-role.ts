/**
 * Who is asking, and what they may ask: each sender of a message to the service worker gets a role
 * from what Chrome says about it, and each request type names the roles allowed to send it. Used
 * by the router (message-router.ts) and the view port (main.ts).
 */
import type { RequestType } from "../protocol/messages.ts";

/** Who may send what: a content script on Flex can hand over a token, never change activity. */
export type SenderRole = "popup" | "options" | "flex" | "hunkware";
export const ALLOWED_SENDERS: Record<RequestType, readonly SenderRole[]> = {
  "flex-token": ["flex"],
  "flex-guard": ["flex"],
  "flex-page-key": ["flex"],
  "flex-signed-out": ["flex"],
  "get-view": ["popup", "options", "flex", "hunkware"],
  "set-activity": ["popup"],
  "set-available": ["popup", "flex"],
  "retry-connection": ["popup", "options", "flex"],
  "open-options": ["flex"],
  "bring-forward": ["popup"],
  "hunkware-draft": ["hunkware"],
  "get-draft": ["hunkware"],
  "dismiss-draft": ["hunkware", "popup"],
};

/** The parts of runtime.MessageSender the check needs. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
  /** The frame and document that sent it (Chrome 106+): a Flex page's key is kept per document. */
  frameId?: number;
  documentId?: string;
}

/**
 * Which role a sender plays, or null for anything we don't trust: another extension, a page of
 * our own we don't expect, or a content script on an origin the configuration doesn't name.
 */
export function senderRole(
  sender: SenderInfo,
  extensionId: string,
  isFlexOrigin: (origin: string) => boolean,
  isHunkwareUrl: (url: string) => boolean,
): SenderRole | null {
  if (sender.id !== extensionId || !sender.url) return null;
  // Our own pages: the popup, or the same page opened in a tab (as QA's harness does).
  const own = `chrome-extension://${extensionId}/`;
  if (sender.url.startsWith(own)) {
    if (sender.url.startsWith(`${own}popup/`)) return "popup";
    if (sender.url.startsWith(`${own}options/`)) return "options";
    return null;
  }
  if (!sender.tab) return null;
  const origin = sender.origin ?? safeOrigin(sender.url);
  if (origin && isFlexOrigin(origin)) return "flex";
  if (isHunkwareUrl(sender.url)) return "hunkware";
  return null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
