/**
 * The popup: drawn at once from the service worker's last view and kept live over its port.
 * The panels (registry.ts) are pure functions of the view and the clock; this file only wires
 * actions.
 */
import { useState } from "preact/hooks";
import type { ConnectionFix } from "../src/domain/connection-health.ts";
import { openFlex, openSettings } from "./open-pages.ts";
import type { PanelProps } from "./panel.ts";
import { POPUP_PANELS } from "./registry.ts";
import { Shortcuts } from "./Shortcuts.tsx";
import { hasRunningCountdown } from "./task-text.ts";
import { send, useAgentView } from "./use-agent-view.ts";
import { useNow } from "./use-now.ts";
import { useShortcuts } from "./use-shortcuts.ts";

export function App() {
  const { view, error } = useAgentView();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const shortcuts = useShortcuts();
  const nowMs = useNow((now) =>
    view ? hasRunningCountdown(view.reservations, view.connection.retryAtMs, now) : false,
  );

  const act = (action: () => Promise<unknown>) => {
    setActionError(null);
    setBusy(true);
    action()
      .catch((e: unknown) => setActionError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const fix = (kind: ConnectionFix) =>
    act(() => {
      if (kind === "open-flex") return openFlex();
      if (kind === "open-options") return openSettings();
      return send({ type: "retry-connection" });
    });

  if (!view) {
    return (
      <p class="detail" role="status">
        {error ?? "Loading…"}
      </p>
    );
  }
  const problem = actionError ?? error;
  const props: PanelProps = { view, nowMs, busy, act, fix };
  return (
    <>
      <h1>HunkBridge</h1>
      {POPUP_PANELS.map(({ name, Panel }) => (
        <Panel key={name} {...props} />
      ))}
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <footer>
        <Shortcuts shortcuts={shortcuts} />
        <button type="button" class="link" onClick={() => act(openSettings)}>
          Settings
        </button>
      </footer>
    </>
  );
}
