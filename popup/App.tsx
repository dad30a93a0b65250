/**
 * The popup: drawn at once from the service worker's last view and kept live over its port.
 * The panels are pure functions of the view and the clock; this file only wires actions.
 */
import { useState } from "preact/hooks";
import type { ConnectionFix } from "../src/domain/connection-health.ts";
import { ActivityPanel } from "./ActivityPanel.tsx";
import { ConnectionPanel } from "./ConnectionPanel.tsx";
import { DraftsPanel } from "./DraftsPanel.tsx";
import { exportToday } from "./export-today.ts";
import { openFlex, openSettings } from "./flex-tab.ts";
import { HistoryPanel } from "./HistoryPanel.tsx";
import { Shortcuts } from "./Shortcuts.tsx";
import { SpeedToLeadPanel } from "./SpeedToLeadPanel.tsx";
import { TaskPanel } from "./TaskPanel.tsx";
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
  return (
    <>
      <h1>HunkBridge</h1>
      <ConnectionPanel connection={view.connection} nowMs={nowMs} onFix={fix} />
      <ActivityPanel
        view={view}
        busy={busy}
        onSetAvailable={() => act(() => send({ type: "set-available" }))}
        onSetActivity={(sid) => act(() => send({ type: "set-activity", activitySid: sid }))}
      />
      <TaskPanel view={view} nowMs={nowMs} />
      <HistoryPanel history={view.history} timings={view.today.tasks} />
      <SpeedToLeadPanel today={view.today} onExport={() => exportToday(view.today)} />
      <DraftsPanel
        drafts={view.keptDrafts}
        onDismiss={(draftId) => act(() => send({ type: "dismiss-draft", draftId }))}
      />
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
