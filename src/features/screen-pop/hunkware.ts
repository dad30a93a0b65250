/**
 * The fieldMap fill on Hunkware: for each client in hand, once per page, the page asks the service
 * worker for its fields (only the page the screen-pop opened gets any) and fills them once the form
 * exists.
 */
import { type HunkwareFeature, whenParsed } from "../../../content-scripts/hunkware/page-feature.ts";
import { inHandReservation } from "../../domain/view-queries.ts";
import { request } from "../../protocol/client.ts";
import { fillFields } from "./hunkware-field-filler.ts";

export const screenPopFillOnHunkware: HunkwareFeature = {
  name: "screen-pop fill",
  start({ doc, runtime }) {
    const asked = new Set<string>();
    return {
      onView(view) {
        const sid = inHandReservation(view)?.sid;
        if (!sid || asked.has(sid)) return;
        asked.add(sid);
        request(runtime, { type: "get-screen-pop", reservationSid: sid }).then(
          (reply) =>
            whenParsed(doc, () => {
              fillFields(doc, reply.fill);
              fillSettled(sid, reply.fill.length);
            }),
          (error: unknown) => {
            console.warn("HunkBridge: could not get the fields to fill", error);
            fillSettled(sid, 0);
          },
        );
      },
    };
  },
};

/**
 * In the page's performance timeline (shared by every world), for QA and the benchmarks: this
 * client's fill is over on this page, with how many fields the extension gave (0: none here, as on
 * a page that is not the one the screen-pop opened, or after a reload).
 */
function fillSettled(reservationSid: string, fields: number): void {
  performance.mark("hunkbridge:fill-settled", { detail: { reservationSid, fields } });
}
