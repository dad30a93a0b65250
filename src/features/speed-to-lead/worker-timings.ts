/**
 * Today's speed-to-lead timings (speed-to-lead.ts), kept in chrome.storage.local so that a team
 * lead's figures survive a browser restart. Only times, origins, lead ids and outcomes go there,
 * never a client's name or phone. They belong to one agent and one local day: another agent
 * signing in drops them, and so does midnight (checked on every change and by the watchdog alarm).
 */
import * as v from "valibot";
import { exactly, type Persisted } from "../../background/persisted.ts";
import type { AgentSession } from "../../domain/reservation.ts";
import { DayTimingsView, type TodayView } from "../../protocol/messages.ts";
import { recordTimings } from "./session-timings.ts";
import { type DayTimings, emptyDay, isWithinDay, type LocalDay } from "./speed-to-lead.ts";

/** Whose figures and which day, as kept (stores.ts `leadTimings`). */
export type StoredTimings = { agent: string | null; day: DayTimings };

// Checked like a message: a record from an older version is dropped.
export const StoredTimings = exactly<StoredTimings>()(
  v.object({ agent: v.nullable(v.string()), day: DayTimingsView }),
);

export interface LeadTimingsDeps {
  store: Persisted<StoredTimings>;
  now: () => number;
  /** The local day a moment falls in (localDay below, in the worker). */
  dayOf: (ms: number) => LocalDay;
  /** The day changed by itself (restored, midnight, another agent); observe() returns its change. */
  changed: (today: TodayView) => void;
}

/** The local calendar day around `ms`, in this browser's time zone (23 or 25 hours on a DST day). */
export function localDay(ms: number): LocalDay {
  const d = new Date(ms);
  return {
    startMs: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(),
    endMs: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime(),
  };
}

export class LeadTimings {
  /** Whose figures these are: the identity the token service named. */
  private agent: string | null = null;
  private day: DayTimings;

  constructor(private readonly deps: LeadTimingsDeps) {
    this.day = emptyDay(deps.dayOf(deps.now()));
  }

  /** The day's timings and whose they are, as the view has them. */
  get today(): TodayView {
    return { ...this.day, agent: this.agent };
  }

  /** Call once at start-up, before the first observe(): today's record, if the stored one is today's. */
  async restore(): Promise<void> {
    const stored = await this.deps.store.load();
    if (stored) {
      this.agent = stored.agent;
      if (isWithinDay(stored.day, this.deps.now())) this.day = stored.day;
      else this.save(); // yesterday's: gone from the disk as well
    }
    this.deps.changed(this.today);
  }

  /** Records what the session shows now; returns the day for the caller to publish with the session. */
  observe(session: Pick<AgentSession, "reservations" | "history">): TodayView {
    const rolled = this.rolledOver();
    const next = recordTimings(this.day, session, this.deps.now());
    if (next !== this.day || rolled) {
      this.day = next;
      this.save();
    }
    return this.today;
  }

  /** An agent signed in: another agent's figures go, before any of the new agent's tasks arrive. */
  signedIn(agent: string): void {
    const rolled = this.rolledOver();
    if (agent === this.agent && !rolled) return;
    const dropped = agent !== this.agent && this.day.tasks.length > 0;
    if (dropped) this.day = emptyDay(this.day);
    this.agent = agent;
    this.save();
    // The view names the agent whose figures these are, dropped or not.
    this.deps.changed(this.today);
  }

  /** Midnight passed (the watchdog alarm asks every half minute): a new, empty day. */
  rollover(): void {
    if (!this.rolledOver()) return;
    this.save();
    this.deps.changed(this.today);
  }

  private rolledOver(): boolean {
    const now = this.deps.now();
    if (isWithinDay(this.day, now)) return false;
    this.day = emptyDay(this.deps.dayOf(now));
    return true;
  }

  private save(): void {
    // Each write is the whole record, and Chrome applies one extension's writes in order.
    void this.deps.store
      .save({ agent: this.agent, day: this.day })
      .catch((error: unknown) => console.error("HunkBridge: could not keep today's timings", error));
  }
}
