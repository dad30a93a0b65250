/**
 * Unsaved Hunkware edits that a screen-pop navigated away from: the service worker keeps them so
 * nothing is lost silently. The popup lists them and lets the agent let one go.
 */

import { clockText } from "../../../popup/task-text.ts";
import type { KeptDraftView } from "../../protocol/messages.ts";

export function DraftsPanel(props: { drafts: KeptDraftView[]; onDismiss: (id: string) => void }) {
  if (props.drafts.length === 0) return null;
  return (
    <section aria-labelledby="hb-drafts-title">
      <h2 id="hb-drafts-title" class="label">
        Kept Hunkware edits
      </h2>
      <ul class="offers" data-testid="hb-kept-drafts">
        {props.drafts.map((d) => (
          <li key={d.id} data-draft={d.id}>
            <p class="client">{d.title || d.url}</p>
            <p class="detail">
              {d.fieldCount} unsaved {d.fieldCount === 1 ? "field" : "fields"}, kept at{" "}
              {clockText(d.savedAtMs)}
            </p>
            <button
              type="button"
              onClick={() => props.onDismiss(d.id)}
              aria-label={`Discard edits: ${d.title}`}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
