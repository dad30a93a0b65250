/**
 * The client card on Hunkware (hunkware-card.ts): the task in hand, with the dial countdown ticking
 * while it runs, and the drafts kept from earlier screen-pops, shown on the agent's ask.
 */
import { type HunkwareFeature, whenBodyExists } from "../../../content-scripts/hunkware/page-feature.ts";
import { dialCountdownDeadline } from "../../domain/reservation.ts";
import { request } from "../../protocol/client.ts";
import type { DraftField } from "../../protocol/messages.ts";
import { type CardModel, cardModel } from "./card-model.ts";
import { renderCard, renderCountdown } from "./hunkware-card.ts";

const TICK_MS = 250;

export const clientCardOnHunkware: HunkwareFeature = {
  name: "client card",
  start({ doc, runtime, now }) {
    let model: CardModel | null = null;
    let ticker: ReturnType<typeof setInterval> | null = null;

    const showDraft = (id: string, fields: DraftField[]) => {
      const box = doc.querySelector<HTMLElement>(".hb-card-drafts");
      if (!box) return;
      let pre = box.querySelector<HTMLElement>(`pre[data-draft="${CSS.escape(id)}"]`);
      if (!pre) {
        pre = doc.createElement("pre");
        pre.dataset.draft = id;
        pre.style.whiteSpace = "pre-wrap";
        pre.style.margin = "4px 0 0";
        box.append(pre);
      }
      pre.textContent = fields.map((f) => `${f.label}: ${f.value}`).join("\n");
    };
    const draftActions = {
      show: (id: string) => {
        request(runtime, { type: "get-draft", draftId: id }).then(
          (reply) => showDraft(id, reply.draft),
          (error: unknown) => console.warn("HunkBridge: could not get the kept draft", error),
        );
      },
      dismiss: (id: string) => {
        void request(runtime, { type: "dismiss-draft", draftId: id }).catch(() => {});
      },
    };

    const render = () => {
      renderCard(doc, model, now(), draftActions);
      // Tick only while the dial countdown runs (the same rule renderCountdown shows it by).
      const counting = model !== null && dialCountdownDeadline(model.reservation) !== null;
      if (counting && !ticker) {
        ticker = setInterval(() => {
          const root = doc.getElementById("hb-client-card-root");
          if (root && model) renderCountdown(root, model, now());
        }, TICK_MS);
      } else if (!counting && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    };

    return {
      onView(view) {
        model = cardModel(view);
        whenBodyExists(doc, render);
      },
      stop() {
        if (ticker) clearInterval(ticker);
        ticker = null;
        renderCard(doc, null, now(), draftActions);
      },
    };
  },
};
