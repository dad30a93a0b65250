/**
 * The fieldMap fill on Hunkware: the service worker pushes it as the page's port opens, the fields
 * of the reservation whose screen-pop opened this page (none for any other page, or a reload);
 * they are written once the form exists. The page never asks for them.
 */
import { type HunkwareFeature, whenParsed } from "../../../content-scripts/hunkware/page-feature.ts";
import { fillFields } from "./hunkware-field-filler.ts";

export const screenPopFillOnHunkware: HunkwareFeature = {
  name: "screen-pop fill",
  start({ doc }) {
    const filled = new Set<string>();
    return {
      onFill({ reservationSid, fill }) {
        // A port reopened after a worker restart brings another (empty) push: one fill a client.
        if (reservationSid !== null && filled.has(reservationSid)) return;
        if (reservationSid !== null) filled.add(reservationSid);
        whenParsed(doc, () => {
          fillFields(doc, fill);
          fillSettled(reservationSid, fill.length);
        });
      },
    };
  },
};

/**
 * In the page's performance timeline (shared by every world), for QA and the benchmarks: the fill
 * is over on this page, with how many fields the extension gave (0: none here, as on a page that
 * is not the one the screen-pop opened, or after a reload; reservationSid is then null).
 */
function fillSettled(reservationSid: string | null, fields: number): void {
  performance.mark("hunkbridge:fill-settled", { detail: { reservationSid, fields } });
}
