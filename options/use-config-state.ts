/**
 * The configuration as the options page needs it, live: the raw policy and stored options (to
 * validate an edit against) and the resolved result. A policy change reaches storage.onChanged
 * about 5 s after the admin's change; the page follows without a reload.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { ResolvedSettings } from "../src/domain/config.ts";
import { loadConfigInputs, onConfigChanged, resolveInputs } from "../src/platform/config-source.ts";

export type ConfigState = { managed: Record<string, unknown>; stored: unknown; resolved: ResolvedSettings };

export function useConfigState(): ConfigState | null {
  const [state, setState] = useState<ConfigState | null>(null);
  useEffect(() => {
    let latest = 0;
    const reload = () => {
      // Two changes in quick succession: only the last read may win.
      const ticket = ++latest;
      void loadConfigInputs(browser.storage).then(({ managed, options }) => {
        if (ticket === latest)
          setState({ managed, stored: options, resolved: resolveInputs(managed, options) });
      });
    };
    reload();
    const unsubscribe = onConfigChanged(browser.storage, reload);
    return () => {
      latest = Number.NaN; // no late setState after unmount
      unsubscribe();
    };
  }, []);
  return state;
}
