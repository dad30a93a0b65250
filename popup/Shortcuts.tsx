/**
 * The keyboard shortcuts, in the popup's footer: as Chrome has them bound now (the agent may have
 * changed them at chrome://extensions/shortcuts), so what is shown is what works.
 */
export interface Shortcut {
  description: string;
  /** Empty when the agent removed the binding. */
  shortcut: string;
}

export function Shortcuts({ shortcuts }: { shortcuts: Shortcut[] }) {
  const bound = shortcuts.filter((s) => s.shortcut !== "");
  if (bound.length === 0) return null;
  return (
    <dl class="shortcuts" data-testid="hb-shortcuts" aria-label="Keyboard shortcuts">
      {bound.map((s) => (
        <div key={s.description}>
          <dt>
            <kbd>{s.shortcut}</kbd>
          </dt>
          <dd>{s.description}</dd>
        </div>
      ))}
    </dl>
  );
}
