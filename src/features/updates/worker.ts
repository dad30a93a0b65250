/**
 * Updates between calls in the service worker. Chrome applies a downloaded update only when the
 * extension is idle, which with the TaskRouter socket open it never is: a fix would reach the
 * floor only when agents restart Chrome. So when Chrome says an update is there
 * (runtime.onUpdateAvailable), this part applies it (runtime.reload) at the first moment with no
 * offer, no review and no call (update-moment.ts), and the view says so until then. The new
 * version comes back as after any restart of the extension: the content scripts reach the open
 * tabs again, the Flex tab hands over its token, the Hunkware tab is found where it is.
 */
import * as v from "valibot";
import { exactly } from "../../background/persisted.ts";
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import type { AgentView } from "../../protocol/messages.ts";
import { updateWaitsFor } from "./update-moment.ts";

export type PendingUpdate = { version: string };
export const PendingUpdate = exactly<PendingUpdate>()(
  v.object({ version: v.pipe(v.string(), v.maxLength(64)) }),
);

export function startUpdates(core: WorkerCore): WorkerPart {
  let pending: string | null = null;
  let reloading = false;

  const viewOf = (): Pick<AgentView, "update"> => ({
    update: pending === null ? null : { version: pending, waitingFor: updateWaitsFor(core.session()) },
  });

  /** Applies the pending update if nothing waits; otherwise the view says what it waits for. */
  function applyWhenFree(): void {
    if (pending === null || reloading) return;
    const view = viewOf();
    core.publish(view);
    if (view.update?.waitingFor !== null) return;
    reloading = true;
    core.log(`applying the update to ${pending}: no offer, no review and no call`);
    core.browser.runtime.reload();
  }

  return {
    async restore() {
      const stored = await core.stores.pendingUpdate.load();
      // The version running is the one that was waiting: it has been applied.
      const running = core.browser.runtime.getManifest().version;
      pending = stored && stored.version !== running ? stored.version : null;
    },
    started: async () => applyWhenFree(),
    view: viewOf,
    updateAvailable(version) {
      pending = version;
      void core.stores.pendingUpdate
        .save({ version })
        .catch((error: unknown) => core.log(`could not keep the pending update: ${String(error)}`));
      applyWhenFree();
    },
    sessionChanged: () => applyWhenFree(),
  };
}
