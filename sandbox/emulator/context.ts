import type { Store } from "./model.ts";
import { nowSeconds } from "./model.ts";
import type { SocketHub } from "./socket-hub.ts";
import type { Timers } from "./timers.ts";

/** What every operation module works on: state, the sockets to push to, timers and the log. */
export interface EmulatorContext {
  store: Store;
  hub: SocketHub;
  timers: Timers;
  log: (line: string) => void;
}

/** Marks a record changed, as Twilio does: new date_updated and a higher version. */
export function touch(record: { dateUpdated: number; version: number }): void {
  record.dateUpdated = nowSeconds();
  record.version += 1;
}
