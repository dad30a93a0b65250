/**
 * What the service worker keeps in chrome.storage.session across its own restarts, as read back:
 * the agent's session (reservation-tracker.ts) and the connection's secrets (agent-connection.ts).
 * storage.session is memory only, cleared when the browser closes and, at its default access
 * level, out of reach of content scripts: tokens in particular never touch disk.
 */
import * as v from "valibot";
import type { Secrets } from "../domain/connection-state.ts";
import { TASK_ORIGINS } from "../domain/origin.ts";
import type { AgentSession } from "../domain/reservation.ts";
import { TASK_OUTCOMES } from "../domain/reservation-history.ts";
import { RESERVATION_PHASES } from "../domain/reservation-lifecycle.ts";
import { TOKEN_FAILURES } from "../domain/retry-policy.ts";
import { CallbackKeyText } from "../features/callback-memory/phone-key.ts";
import { exactly, PlainObject } from "./persisted.ts";

const Origin = v.picklist(TASK_ORIGINS);

const TrackedReservation = v.object({
  sid: v.string(),
  taskSid: v.string(),
  origin: Origin,
  attributes: PlainObject,
  attributesError: v.nullable(v.string()),
  createdAtMs: v.number(),
  taskCreatedAtMs: v.optional(v.number()),
  acceptDeadlineMs: v.number(),
  acceptedAtMs: v.optional(v.number()),
  dialAtMs: v.optional(v.number()),
  phase: v.picklist(RESERVATION_PHASES),
  endedAtMs: v.optional(v.number()),
});

const HistoryEntry = v.object({
  reservationSid: v.string(),
  taskSid: v.string(),
  origin: Origin,
  name: v.nullable(v.string()),
  outcome: v.picklist(TASK_OUTCOMES),
  timeToAcceptMs: v.nullable(v.number()),
  atMs: v.number(),
});

export const StoredSession = exactly<AgentSession>()(
  v.object({
    reservations: v.array(TrackedReservation),
    inHand: v.nullable(v.string()),
    offlineAfterMiss: v.boolean(),
    history: v.array(HistoryEntry),
  }),
);

const Text = v.string();

export const StoredSecrets = exactly<Secrets>()(
  v.object({
    flexToken: v.nullable(Text),
    flexExpiresAtMs: v.nullable(v.number()),
    worker: v.nullable(
      v.object({
        token: Text,
        identity: Text,
        expiresAtMs: v.number(),
        eventBridge: v.nullable(v.object({ ebServer: Text, wsServer: Text })),
        // The callback memory's key (CONTRACT §3) lives here, in memory only, and nowhere on disk.
        // Saved before it was kept, or not one: none, and the memory falls back to its session key.
        callbackKey: v.optional(v.fallback(v.nullable(CallbackKeyText), null), null),
      }),
    ),
    // Secrets saved before `agent` existed belong to the worker token's agent (connection-machine.ts).
    agent: v.optional(v.nullable(Text), null),
    // Saved before the backoff was kept: no failures.
    backoff: v.optional(
      v.nullable(
        v.object({
          failure: v.picklist(TOKEN_FAILURES),
          reason: Text,
          attempts: v.number(),
          retryAtMs: v.nullable(v.number()),
        }),
      ),
      null,
    ),
  }),
);
