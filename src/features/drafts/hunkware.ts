/**
 * Unsaved edits on Hunkware go to the service worker as the agent types (hunkware-reporter.ts), so
 * a screen-pop that navigates this tab away can keep them.
 */
import type { HunkwareFeature } from "../../../content-scripts/hunkware/page-feature.ts";
import { request } from "../../protocol/client.ts";
import { reportDrafts } from "./hunkware-reporter.ts";

export const draftsOnHunkware: HunkwareFeature = {
  name: "drafts",
  start({ doc, location, runtime }) {
    const stop = reportDrafts(doc, (fields) => {
      void request(runtime, { type: "hunkware-draft", url: location.href, title: doc.title, fields }).catch(
        () => {},
      );
    });
    return { stop };
  },
};
