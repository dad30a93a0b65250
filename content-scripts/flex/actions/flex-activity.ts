/**
 * Flex's own idea of the agent's activity, read in the page (MAIN world) from
 * `Twilio.Flex.Manager.getInstance().workerClient.activity` (Flex's own twilio-taskrouter Worker,
 * docs/flex-apis.md). The extension's connection can be down while Flex's is up: then only Flex
 * knows the agent is Available and expecting screen-pops, which the overlays must warn about.
 */
export interface FlexActivity {
  name: string;
  available: boolean;
}

interface ManagerGlobal {
  Twilio?: {
    Flex?: { Manager?: { getInstance?: () => { workerClient?: { activity?: unknown } } | undefined } };
  };
}

/** The activity of Flex's worker, or null before Flex has one (or if Flex changed its shape). */
export function readFlexActivity(global: unknown): FlexActivity | null {
  try {
    const activity = (global as ManagerGlobal).Twilio?.Flex?.Manager?.getInstance?.()?.workerClient
      ?.activity as { name?: unknown; available?: unknown } | undefined;
    if (typeof activity?.name !== "string" || typeof activity.available !== "boolean") return null;
    return { name: activity.name.slice(0, 100), available: activity.available };
  } catch {
    return null; // getInstance throws before Flex has initialised
  }
}

/** Calls `changed` with Flex's activity whenever it differs from the last one seen, polling. */
export function watchFlexActivity(
  read: () => FlexActivity | null,
  changed: (activity: FlexActivity | null) => void,
  timers: { every(fn: () => void): unknown; stop(handle: unknown): void },
): () => void {
  let last: string | undefined;
  const check = () => {
    const activity = read();
    const key = JSON.stringify(activity);
    if (key === last) return;
    last = key;
    changed(activity);
  };
  check();
  const handle = timers.every(check);
  return () => timers.stop(handle);
}
