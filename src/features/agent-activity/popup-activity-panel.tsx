/**
 * The agent's activity and the switcher over the workspace's own activities (TaskRouter's names,
 * not a fixed list), with the one-click way back to Available.
 */

import { PanelHeading } from "../../../popup/PanelHeading.tsx";
import type { AgentView } from "../../protocol/messages.ts";

export function ActivityPanel(props: {
  view: Pick<AgentView, "activity" | "activities" | "connection" | "offlineAfterMiss">;
  busy: boolean;
  onSetAvailable: () => void;
  onSetActivity: (sid: string) => void;
}) {
  const { activity, activities, connection, offlineAfterMiss } = props.view;
  const connected = connection.status === "connected";
  return (
    <section aria-labelledby="hb-activity-title">
      <PanelHeading id="hb-activity-title" title="Activity">
        <span
          class="pill"
          role="status"
          data-testid="hb-activity"
          data-available={String(activity?.available ?? false)}
        >
          {activity?.name ?? "—"}
        </span>
      </PanelHeading>
      {offlineAfterMiss && (
        <p class="notice" role="alert">
          A task was missed, so you were set to {activity?.name ?? "Offline"}.
        </p>
      )}
      {connected && (
        <div class="row">
          <label class="switcher">
            <span class="visually-hidden">Change activity</span>
            <select
              value={activity?.sid ?? ""}
              disabled={props.busy}
              onChange={(e) => props.onSetActivity((e.currentTarget as HTMLSelectElement).value)}
            >
              {activity === null && <option value="">—</option>}
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
            disabled={props.busy || (activity?.available ?? false)}
            onClick={props.onSetAvailable}
          >
            Go Available
          </button>
        </div>
      )}
    </section>
  );
}
