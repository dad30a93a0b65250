/**
 * A popup panel's heading row: the title, which names the panel's section (its id is what the
 * section's aria-labelledby points at), and beside it what the panel shows at a glance.
 */
import type { ComponentChildren } from "preact";

export function PanelHeading(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <div class="row">
      <h2 id={props.id} class="label">
        {props.title}
      </h2>
      {props.children}
    </div>
  );
}
