import { useState } from "preact/hooks";
import type { AgentView, ConnectionStatus } from "../src/protocol/messages.ts";
import { send, useAgentView } from "./use-agent-view.ts";

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  "not-configured": "Not configured",
  "waiting-for-flex": "Waiting for Flex",
  "signing-in": "Signing in…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  refused: "Signed out",
  "token-service-down": "Token service down",
};

export function App() {
  const { view, error } = useAgentView();
  const [actionError, setActionError] = useState<string | null>(null);
  const act = (request: Parameters<typeof send>[0]) => {
    setActionError(null);
    send(request).catch((e: unknown) => setActionError(e instanceof Error ? e.message : String(e)));
  };
  if (!view) return <p>{error ?? "Loading…"}</p>;
  return (
    <>
      <h1>HunkBridge</h1>
      <Connection view={view} onRetry={() => act({ type: "retry-connection" })} />
      <Activity
        view={view}
        onSetAvailable={() => act({ type: "set-available" })}
        onSetActivity={(sid) => act({ type: "set-activity", activitySid: sid })}
      />
      {(actionError ?? error) && (
        <p class="detail" role="alert">
          {actionError ?? error}
        </p>
      )}
    </>
  );
}

function Connection({ view, onRetry }: { view: AgentView; onRetry: () => void }) {
  const { status, detail, identity } = view.connection;
  const canRetry = status === "refused" || status === "token-service-down";
  return (
    <section aria-label="Connection">
      <div class="row">
        <span class="label">Connection</span>
        <span class="pill" data-testid="hb-connection" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
      </div>
      {identity && <p class="detail">{identity}</p>}
      {detail && <p class="detail">{detail}</p>}
      {canRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </section>
  );
}

function Activity(props: {
  view: AgentView;
  onSetAvailable: () => void;
  onSetActivity: (sid: string) => void;
}) {
  const { activity, activities, connection } = props.view;
  const connected = connection.status === "connected";
  return (
    <section aria-label="Activity">
      <div class="row">
        <span class="label">Activity</span>
        <span class="pill" data-testid="hb-activity" data-available={String(activity?.available ?? false)}>
          {activity?.name ?? "—"}
        </span>
      </div>
      {connected && (
        <div class="row">
          <label>
            <span class="label">Set </span>
            <select
              aria-label="Set activity"
              value={activity?.sid ?? ""}
              onChange={(e) => props.onSetActivity((e.target as HTMLSelectElement).value)}
            >
              {activities.map((a) => (
                <option key={a.sid} value={a.sid}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="primary"
            data-testid="hb-set-available"
            disabled={activity?.available ?? false}
            onClick={props.onSetAvailable}
          >
            Go Available
          </button>
        </div>
      )}
    </section>
  );
}
