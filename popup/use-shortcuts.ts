/** Chrome's current bindings of the extension's commands (manifest "commands"). */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { Shortcut } from "./Shortcuts.tsx";

const OPEN_POPUP = "_execute_action";

export function useShortcuts(): Shortcut[] {
  const [shortcuts, setShortcuts] = useState<Shortcut[]>([]);
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => browser.commands.getAll())
      .then((commands) => {
        if (!live) return;
        setShortcuts(
          commands.map((c) => ({
            // Chrome gives `_execute_action` no description of ours.
            description: c.name === OPEN_POPUP ? "Open HunkBridge" : (c.description ?? c.name ?? ""),
            shortcut: c.shortcut ?? "",
          })),
        );
      })
      .catch(() => {}); // no shortcuts to show is no reason to fail the popup
    return () => {
      live = false;
    };
  }, []);
  return shortcuts;
}
