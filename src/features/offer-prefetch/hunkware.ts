/**
 * The offer window's prefetch on the Hunkware tab (hunkware-prefetch.ts), asked for by the service
 * worker alone: its messages come from this extension with no tab (a content script's would carry
 * one). Answered at once.
 */
import type { HunkwareFeature } from "../../../content-scripts/hunkware/page-feature.ts";
import { type HunkwarePageReply, parse, ToHunkwarePage } from "../../protocol/messages.ts";
import { pagePrefetch } from "./hunkware-prefetch.ts";

export const offerPrefetchOnHunkware: HunkwareFeature = {
  name: "offer prefetch",
  start({ doc, location, runtime }) {
    const prefetch = pagePrefetch(doc, location);
    const listener = (
      message: unknown,
      sender: chrome.runtime.MessageSender,
      sendResponse: (reply: HunkwarePageReply) => void,
    ): false => {
      if (sender.id !== runtime.id || sender.tab !== undefined) return false;
      const parsed = parse(ToHunkwarePage, message);
      if (!parsed.ok) {
        console.warn(`HunkBridge: ignored a prefetch message: ${parsed.error}`);
        sendResponse({ done: false });
        return false;
      }
      const { value } = parsed;
      sendResponse({
        done: value.type === "prepare-page" ? prefetch.prepare(value.url) : prefetch.open(value.url),
      });
      return false;
    };
    runtime.onMessage.addListener(listener);
    return {
      stop() {
        runtime.onMessage.removeListener(listener);
        prefetch.stop();
      },
    };
  },
};
