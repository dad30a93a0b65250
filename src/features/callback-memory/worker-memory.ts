/**
 * Issue #16 §2 in the service worker: remembers each popped lead by a keyed hash of its number
 * (chrome.storage.local, so it outlives the browser session, for `callbackMemoryDays`), and links
 * an inbound callback from that number to the lead. The rules are in memory.ts;
 * this keeps the state and the lookups, and picks the key: the agent's from the token service, else
 * one of this browser session (phone-key.ts). Storage and WebCrypto are parameters.
 */

import type { Persisted } from "../../background/persisted.ts";
import { attributeText } from "../../domain/attributes.ts";
import { isCallback } from "../../domain/callback.ts";
import { clientPhone10 } from "../../domain/client-phone.ts";
import type { TrackedReservation } from "../../domain/reservation.ts";
import {
  type CallbackMemoryState,
  EMPTY_MEMORY,
  forAgent,
  type RememberedLead,
  recallLead,
  rememberLead,
  withinWindow,
} from "./memory.ts";
import { hex, importHmacKey, KEY_BYTES, parseCallbackKey, parseSessionKey, phoneKey } from "./phone-key.ts";

export interface CallbackMemoryDeps {
  /** The agent's remembered leads (stores.ts `callbackMemory`). */
  memory: Persisted<CallbackMemoryState>;
  /**
   * The signed-in agent's `callbackKey` (CONTRACT §3) as the token service last gave it, or null:
   * the service gives none, or nobody is signed in. Asked before every hash, so the key is always
   * the current agent's.
   */
  agentKey(): Promise<string | null>;
  /** The key used without an agent key, as hex (stores.ts `callbackSessionKey`: storage.session). */
  sessionKey: Persisted<string>;
  subtle: SubtleCrypto;
  randomBytes(length: number): Uint8Array;
  now(): number;
  /** `callbackMemoryDays` as configured now (0: off). */
  days(): number;
  /** A callback's lead became known: the views should show it. */
  linked(): void;
}

type Lookup = { pending: Promise<RememberedLead | null>; lead?: RememberedLead | null };

/** Lookups kept for the views: a handful of reservations are active at a time. */
const LOOKUPS_KEPT = 20;

export class CallbackMemory {
  private state: Promise<CallbackMemoryState> | null = null;
  /** The agent key last imported, with its text: imported again only when the text changes. */
  private agentHmac: { text: string; key: Promise<CryptoKey> } | null = null;
  private sessionHmac: Promise<CryptoKey> | null = null;
  /** One lookup per reservation SID (newest last), with its answer once it has one. */
  private readonly lookups = new Map<string, Lookup>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CallbackMemoryDeps) {}

  /** The lead a callback answers, when it is known already: for the views, without the hash. */
  linkedLead(sid: string): { leadId: string; calledAtMs: number } | null {
    const lead = this.lookups.get(sid)?.lead;
    return lead ? { leadId: lead.leadId, calledAtMs: lead.calledAtMs } : null;
  }

  /**
   * The lead this reservation calls back about, or null: not a callback, no usable number, memory
   * off or nothing remembered. Looked up once per reservation, so the offer's lookup is the
   * accept's, and the card never changes its mind mid-call.
   */
  leadFor(reservation: TrackedReservation, outboundCallerId: string): Promise<RememberedLead | null> {
    const known = this.lookups.get(reservation.sid);
    if (known) return known.pending;
    // Called for every reservation on every change of the session: the cheap checks first, the
    // phone numbers parsed only for an inbound call while the memory is on.
    if (reservation.origin !== "inbound" || this.deps.days() === 0) return Promise.resolve(null);
    const phone10 = clientPhone10(reservation.attributes, reservation.origin);
    if (phone10 === null || !isCallback(reservation.attributes, outboundCallerId))
      return Promise.resolve(null);
    const entry: Lookup = {
      pending: this.recall(phone10).then(
        (lead) => {
          entry.lead = lead;
          if (lead) this.deps.linked();
          return lead;
        },
        (error: unknown) => {
          console.error("HunkBridge: could not look up the callback's lead", error);
          entry.lead = null;
          return null;
        },
      ),
    };
    this.lookups.set(reservation.sid, entry);
    for (const sid of [...this.lookups.keys()].slice(0, -LOOKUPS_KEPT)) this.lookups.delete(sid);
    return entry.pending;
  }

  /** After a lead's screen-pop: its number now points at it, for the window. */
  remember(reservation: TrackedReservation): Promise<void> {
    const leadId = attributeText(reservation.attributes, "lead_id");
    const phone10 = clientPhone10(reservation.attributes, reservation.origin);
    if (reservation.origin === "inbound" || leadId === null || phone10 === null) return Promise.resolve();
    // When the client was (or is about to be) called: the end of the review, else the accept.
    const calledAtMs = reservation.dialAtMs ?? reservation.acceptedAtMs ?? this.deps.now();
    return this.update(async (state) => {
      const numberKey = await this.numberKey(phone10);
      return rememberLead(state, { numberKey, leadId, calledAtMs }, this.deps.now(), this.deps.days());
    });
  }

  /** The agent signed in to Flex: another agent's memory is wiped before anything is looked up. */
  agentIs(agent: string): Promise<void> {
    return this.update(async (state) => forAgent(state, agent));
  }

  /**
   * The agent's clients leave the views (signed out, or another agent): so do the links. The
   * remembered leads stay for the agent's return; another agent's sign-in wipes them (agentIs).
   */
  forgetLinks(): void {
    this.lookups.clear();
  }

  private async recall(phone10: string): Promise<RememberedLead | null> {
    await this.writing; // a remember under way lands first
    const [state, numberKey] = await Promise.all([this.loaded(), this.numberKey(phone10)]);
    return recallLead(state, numberKey, this.deps.now(), this.deps.days());
  }

  /** Changes land one at a time, each on the previous one's result; storage only when it changed. */
  private update(change: (state: CallbackMemoryState) => Promise<CallbackMemoryState>): Promise<void> {
    const step = this.writing.then(async () => {
      const before = await this.loaded();
      const changed = await change(before);
      // Expired entries never stay on disk, whatever the change (withinWindow keeps the same list
      // when none expired, so an unchanged memory is not written again).
      const leads = withinWindow(changed.leads, this.deps.now(), this.deps.days());
      if (changed === before && leads === before.leads) return;
      const after = { ...changed, leads };
      this.state = Promise.resolve(after);
      await this.deps.memory.save(after);
    });
    this.writing = step.catch((error: unknown) =>
      console.error("HunkBridge: could not keep the callback memory", error),
    );
    return this.writing;
  }

  private loaded(): Promise<CallbackMemoryState> {
    this.state ??= this.deps.memory.load().then(
      (stored) => stored ?? EMPTY_MEMORY,
      () => EMPTY_MEMORY,
    );
    return this.state;
  }

  private async numberKey(phone10: string): Promise<string> {
    return phoneKey(this.deps.subtle, await this.currentKey(), phone10);
  }

  /**
   * The agent's key when the token service gave one, else this browser session's. Leads hashed
   * under another key (another agent's, a rotated service secret, an earlier browser session's)
   * simply no longer match: they are not found, and go when the window is over.
   */
  private async currentKey(): Promise<CryptoKey> {
    const text = await this.deps.agentKey();
    const raw = parseCallbackKey(text);
    if (text === null || raw === null) {
      this.sessionHmac ??= this.loadSessionKey().catch((error: unknown) => {
        this.sessionHmac = null; // asked again next time, not failed for good
        throw error;
      });
      return this.sessionHmac;
    }
    if (this.agentHmac?.text !== text) this.agentHmac = { text, key: importHmacKey(this.deps.subtle, raw) };
    return this.agentHmac.key;
  }

  /**
   * Made once per browser session and kept in storage.session (memory only): a restarted service
   * worker finds the same one, a browser restart makes another. A missing or malformed one is
   * replaced; a failed read throws instead, since a new key would orphan what this session kept.
   */
  private async loadSessionKey(): Promise<CryptoKey> {
    const stored = parseSessionKey(await this.deps.sessionKey.load());
    if (stored) return importHmacKey(this.deps.subtle, stored);
    const raw = this.deps.randomBytes(KEY_BYTES);
    await this.deps.sessionKey.save(hex(raw));
    return importHmacKey(this.deps.subtle, raw);
  }
}
