/**
 * The one message protocol between the service worker, the content scripts, the popup and the
 * options page, as schemas only. Every message is validated on arrival (valibot: small,
 * tree-shakable schemas that double as TypeScript types): requests by the service worker's router,
 * which also checks each sender (background/sender-role.ts), replies and view pushes by the one
 * client (client.ts).
 */
import * as v from "valibot";
import { MAX_ATTRIBUTE_TEXT } from "../domain/attributes.ts";
import { TASK_ORIGINS } from "../domain/origin.ts";
import { TASK_OUTCOMES } from "../domain/reservation-history.ts";
import { RESERVATION_PHASES } from "../domain/reservation-lifecycle.ts";
import {
  DAY_TASK_LIMIT,
  LEAD_ID_MAX,
  LEAD_TIME_SOURCES,
  TIMING_OUTCOMES,
} from "../features/speed-to-lead/speed-to-lead.ts";

const Sid = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)));

// ---------------------------------------------------------------------------------------------
// Requests to the service worker (runtime.sendMessage), each answered with a Reply.
// ---------------------------------------------------------------------------------------------

/**
 * CONTRACT §3's size limit, shared with the token service: it answers 413 above it, so a longer
 * token is never sent (a Flex token is 1–2 kB today).
 */
export const FLEX_TOKEN_MAX_LENGTH = 8_000;
/**
 * The Flex token is opaque to the extension (docs/flex-token.md): Twilio issues a five-part JWE
 * today, older Flex releases a three-part JWT, and only the token service can judge either. So
 * only its size and alphabet are checked, and no message here ever quotes the token.
 */
const FlexToken = v.pipe(
  v.string("the Flex token is not text"),
  v.minLength(16, "the Flex token is too short to be one"),
  v.maxLength(FLEX_TOKEN_MAX_LENGTH, `the Flex token is longer than ${FLEX_TOKEN_MAX_LENGTH} characters`),
  v.regex(/^[A-Za-z0-9_.-]+$/, "the Flex token has characters other than base64url letters and dots"),
);

/** From the Flex content script: the agent's Flex token, read from the page by the MAIN world. */
export const FlexTokenRequest = v.object({
  type: v.literal("flex-token"),
  token: FlexToken,
  expiresAtMs: v.nullable(v.pipe(v.number(), v.finite())),
});
/** Lower-case hex of exactly `length` digits: nonces, MACs, keys. */
export const Hex = (length: number) => v.pipe(v.string(), v.regex(new RegExp(`^[0-9a-f]{${length}}$`)));

/**
 * From the Flex content script: whether HunkBridge's listeners on Flex's Actions answer in this tab
 * (content-scripts/flex/overlays/actions-link.ts), so that the popup says so too.
 */
export const FlexGuardRequest = v.object({
  type: v.literal("flex-guard"),
  health: v.picklist(["starting", "on", "unproven", "off"]),
});
/**
 * From the Flex content script: the key its two halves share (content-scripts/flex/page-key.ts),
 * kept for this document, or null to get back the key this document's first isolated half left
 * (src/features/transfer-guard/worker-page-keys.ts). The reply carries the kept key.
 */
export const FlexPageKeyRequest = v.object({
  type: v.literal("flex-page-key"),
  key: v.nullable(Hex(64)),
});
/** From the Flex content script: the agent signed out of Flex (Flex's own Logout action). */
export const FlexSignedOutRequest = v.object({ type: v.literal("flex-signed-out") });
export const GetViewRequest = v.object({ type: v.literal("get-view") });
export const SetActivityRequest = v.object({ type: v.literal("set-activity"), activitySid: Sid("WA") });
export const SetAvailableRequest = v.object({ type: v.literal("set-available") });
export const RetryConnectionRequest = v.object({ type: v.literal("retry-connection") });
/** From the status chip on Flex: content scripts can't open the options page themselves. */
export const OpenOptionsRequest = v.object({ type: v.literal("open-options") });

/**
 * From the popup: bring the agent's Flex tab (or the Hunkware tab) forward, or open the site when
 * no tab shows it; the same as the keyboard shortcuts (src/features/shortcuts/).
 */
export const BringForwardRequest = v.object({
  type: v.literal("bring-forward"),
  site: v.picklist(["flex", "hunkware"]),
});

const DraftField = v.object({
  /** The field's id or name: a control with neither is not reported (src/features/drafts/hunkware-reporter.ts). */
  key: v.pipe(v.string(), v.maxLength(200)),
  label: v.pipe(v.string(), v.maxLength(200)),
  value: v.pipe(v.string(), v.maxLength(20_000)),
});
export type DraftField = v.InferOutput<typeof DraftField>;
const DraftFields = v.pipe(v.array(DraftField), v.maxLength(100));

/**
 * From the Hunkware content script: the agent's unsaved edits on this page (an empty list once
 * saved), so that a screen-pop that navigates the tab away never loses them silently.
 */
export const HunkwareDraftRequest = v.object({
  type: v.literal("hunkware-draft"),
  url: v.pipe(v.string(), v.maxLength(4096)),
  title: v.pipe(v.string(), v.maxLength(500)),
  fields: DraftFields,
});

/** From the Hunkware content script: the fields of a draft kept by an earlier screen-pop. */
export const GetDraftRequest = v.object({
  type: v.literal("get-draft"),
  draftId: v.pipe(v.string(), v.maxLength(100)),
});
export const DismissDraftRequest = v.object({
  type: v.literal("dismiss-draft"),
  draftId: v.pipe(v.string(), v.maxLength(100)),
});

export const Request = v.variant("type", [
  FlexTokenRequest,
  FlexGuardRequest,
  FlexPageKeyRequest,
  FlexSignedOutRequest,
  GetViewRequest,
  SetActivityRequest,
  SetAvailableRequest,
  RetryConnectionRequest,
  OpenOptionsRequest,
  BringForwardRequest,
  HunkwareDraftRequest,
  GetDraftRequest,
  DismissDraftRequest,
]);
export type Request = v.InferOutput<typeof Request>;
export type RequestType = Request["type"];

// ---------------------------------------------------------------------------------------------
// The agent's view: what the service worker publishes to the popup and the content scripts.
// It never holds a token.
// ---------------------------------------------------------------------------------------------

export const ConnectionStatus = v.picklist([
  "not-configured",
  "waiting-for-flex",
  "signing-in",
  "connected",
  "reconnecting",
  "refused",
  "token-service-down",
]);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatus>;

const ActivityView = v.object({ sid: v.string(), name: v.string(), available: v.boolean() });
export type ActivityView = v.InferOutput<typeof ActivityView>;

const TextOrNull = v.nullable(v.string());

export const ClientCardView = v.object({
  name: TextOrNull,
  phone: TextOrNull,
  leadId: TextOrNull,
  email: TextOrNull,
  address: TextOrNull,
  zip: TextOrNull,
  service: TextOrNull,
});

export const TaskOriginView = v.picklist(TASK_ORIGINS);

/** One reservation as the views see it: display text and deadlines, never the raw attributes. */
export const ReservationView = v.object({
  sid: v.string(),
  taskSid: v.string(),
  origin: TaskOriginView,
  phase: v.picklist(RESERVATION_PHASES),
  createdAtMs: v.number(),
  /** Accept by then (from the reservation's own timestamp, not from when we heard of it). */
  acceptDeadlineMs: v.number(),
  acceptedAtMs: v.nullable(v.number()),
  /** Twilio dials the client then; the dial countdown on Flex and Hunkware counts to it. */
  dialAtMs: v.nullable(v.number()),
  client: ClientCardView,
  /** Why some of the task's data could not be read (malformed attributes), for the agent. */
  problem: TextOrNull,
  /** Only inbound calls may go to customer service; weblead and unknown fail closed. */
  transferAllowed: v.boolean(),
  /** An inbound call to `outboundCallerId`: a client calling back. */
  callback: v.boolean(),
  /** The lead a callback answers, when this browser popped it before (src/features/callback-memory/). */
  linkedLead: v.nullable(v.object({ leadId: v.pipe(v.string(), v.minLength(1)), calledAtMs: v.number() })),
});
export type ReservationView = v.InferOutput<typeof ReservationView>;

export const HistoryView = v.object({
  reservationSid: v.string(),
  taskSid: v.string(),
  origin: TaskOriginView,
  name: TextOrNull,
  outcome: v.picklist(TASK_OUTCOMES),
  timeToAcceptMs: v.nullable(v.number()),
  atMs: v.number(),
});
export type HistoryView = v.InferOutput<typeof HistoryView>;

const SidText = v.pipe(v.string(), v.maxLength(64));
const TimeOrNull = v.nullable(v.number());

/** One task of the day for speed to lead: times, origin, lead id, outcome; no client data. */
export const TaskTimingView = v.object({
  reservationSid: SidText,
  taskSid: SidText,
  origin: TaskOriginView,
  /** At most LEAD_ID_MAX code points: two UTF-16 units each at most. */
  leadId: v.nullable(v.pipe(v.string(), v.maxLength(2 * LEAD_ID_MAX))),
  leadAtMs: v.number(),
  leadSource: v.picklist(LEAD_TIME_SOURCES),
  offeredAtMs: v.number(),
  acceptedAtMs: TimeOrNull,
  dialedAtMs: TimeOrNull,
  endedAtMs: TimeOrNull,
  outcome: v.picklist(TIMING_OUTCOMES),
});
export type TaskTimingView = v.InferOutput<typeof TaskTimingView>;

/** The local day [startMs, endMs) and its tasks, oldest offer first; bounded, as every push carries it. */
export const DayTimingsView = v.object({
  startMs: v.number(),
  endMs: v.number(),
  tasks: v.pipe(v.array(TaskTimingView), v.maxLength(DAY_TASK_LIMIT)),
});
export type DayTimingsView = v.InferOutput<typeof DayTimingsView>;

/** Today's timings in the view, with whose they are (CONTRACT §5: the CSV's `agent` column). */
export const TodayView = v.object({ ...DayTimingsView.entries, agent: v.nullable(v.string()) });
export type TodayView = v.InferOutput<typeof TodayView>;

/** Unsaved Hunkware edits that a screen-pop navigated away from, kept for the agent. */
export const KeptDraftView = v.object({
  id: v.string(),
  url: v.string(),
  title: v.string(),
  savedAtMs: v.number(),
  fieldCount: v.number(),
});
export type KeptDraftView = v.InferOutput<typeof KeptDraftView>;

export const AgentView = v.object({
  connection: v.object({
    status: ConnectionStatus,
    /** Why, in words for the agent (the refusal, the network error); null when all is well. */
    detail: v.nullable(v.string()),
    identity: v.nullable(v.string()),
    /** When the next automatic retry happens (token service down, reconnecting). */
    retryAtMs: v.nullable(v.number()),
  }),
  activity: v.nullable(ActivityView),
  activities: v.array(ActivityView),
  /** Active reservations, oldest first: pending offers, the task in hand, wrap-ups. */
  reservations: v.array(ReservationView),
  /** The accepted reservation the agent is working on (one call at a time). */
  inHand: v.nullable(v.string()),
  /** A missed reservation set the agent Offline; views offer one action back to Available. */
  offlineAfterMiss: v.boolean(),
  /** The last tasks of this browser session, newest first. */
  history: v.array(HistoryView),
  keptDrafts: v.array(KeptDraftView),
  /** Speed to lead today, for this agent: kept across browser restarts, dropped at midnight. */
  today: TodayView,
  /** How many tabs show Flex: one is enough, a second is a second Flex session. */
  flexTabs: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /**
   * The transfer guard on Flex's Actions: "off" when a Flex tab's listeners stopped answering (a
   * script on the page may have removed them), "unproven" when a Flex tab's answers can't be proven
   * until Flex reloads (it was open before HunkBridge was installed), "on" when every Flex tab's are,
   * null when no Flex tab has said yet (src/features/transfer-guard/).
   */
  transferGuard: v.nullable(v.picklist(["on", "unproven", "off"])),
  /**
   * An extension update Chrome has downloaded, waiting for the first moment with no offer, no
   * review and no call (src/features/updates/): what it waits for, or null when it is applied now.
   */
  update: v.nullable(
    v.object({
      version: v.pipe(v.string(), v.maxLength(64)),
      waitingFor: v.nullable(v.picklist(["the offer", "the review", "the call"])),
    }),
  ),
  /** What Flex's calls use, from the configuration (CONTRACT §1). */
  calling: v.object({
    /** `outboundCallerId` as E.164: the number clients see and call back. */
    callerId: v.string(),
    /** `customerServiceTarget`: the TaskQueue inbound calls are cold-transferred to; null if unset. */
    customerServiceTarget: v.nullable(v.string()),
  }),
});
export type AgentView = v.InferOutput<typeof AgentView>;

/**
 * Pushed over a runtime Port named VIEW_PORT: the view, whenever it changes; and once to each
 * Hunkware page as its port opens, the fieldMap fill for it: the fields of the reservation whose
 * screen-pop opened this very page, or none (`reservationSid` null) for any other page. The fill
 * only ever goes from the service worker to the page (src/features/screen-pop/).
 */
export const VIEW_PORT = "hb-view";
/** One field of the fill. */
const FieldFill = v.object({
  /** A CSS selector from the admin's fieldMap; the configuration sets no limit, so this is generous. */
  selector: v.pipe(v.string(), v.maxLength(4096)),
  /** Attribute text, capped at MAX_ATTRIBUTE_TEXT code points: at most two UTF-16 units each. */
  value: v.pipe(v.string(), v.maxLength(2 * MAX_ATTRIBUTE_TEXT)),
});
export type FieldFill = v.InferOutput<typeof FieldFill>;
export const FillPush = v.object({
  type: v.literal("fill"),
  reservationSid: v.nullable(Sid("WR")),
  fill: v.pipe(v.array(FieldFill), v.maxLength(100)),
});
export type FillPush = v.InferOutput<typeof FillPush>;
export const ViewPush = v.object({ type: v.literal("view"), view: AgentView });
export type ViewPush = v.InferOutput<typeof ViewPush>;
/** Whatever the port carries. */
export const PortPush = v.variant("type", [ViewPush, FillPush]);
export type PortPush = v.InferOutput<typeof PortPush>;

// ---------------------------------------------------------------------------------------------
// Replies to requests: validated on arrival like every other message (readReply).
// ---------------------------------------------------------------------------------------------

/** Most requests are answered with the current view alone. */
const ViewReply = v.object({ ok: v.literal(true), view: AgentView });

/**
 * Each request's reply when it was accepted: the current view, and what that request asked for.
 * The client (client.ts) validates a reply against its request's schema, so a caller never gets a
 * field its request does not have.
 */
export const REPLIES = {
  "flex-token": ViewReply,
  "flex-guard": ViewReply,
  /** The key kept for the sender's document, or null. */
  "flex-page-key": v.object({ ok: v.literal(true), view: AgentView, key: v.nullable(Hex(64)) }),
  "flex-signed-out": ViewReply,
  "get-view": ViewReply,
  "set-activity": ViewReply,
  "set-available": ViewReply,
  "retry-connection": ViewReply,
  "open-options": ViewReply,
  "bring-forward": ViewReply,
  "hunkware-draft": ViewReply,
  /** The kept draft's fields. */
  "get-draft": v.object({ ok: v.literal(true), view: AgentView, draft: DraftFields }),
  "dismiss-draft": ViewReply,
} satisfies Record<RequestType, v.GenericSchema>;
export type ReplyTo<T extends RequestType> = v.InferOutput<(typeof REPLIES)[T]>;

/** A request not accepted: invalid, from a sender not allowed to send it, or failed. */
export const Refusal = v.object({ ok: v.literal(false), error: v.string() });
export type Refusal = v.InferOutput<typeof Refusal>;
export type Reply = ReplyTo<RequestType> | Refusal;

// ---------------------------------------------------------------------------------------------
// Service worker → the Hunkware tab's content script, by tabs.sendMessage: the offer window's
// prefetch (issue #11 §2, src/features/offer-prefetch/). The content script takes these only from
// its own extension's service worker (a sender with no tab).
// ---------------------------------------------------------------------------------------------

/** A page the screen-pop can open: http(s), bounded like any URL Chrome shows. */
const PageUrl = v.pipe(v.string(), v.maxLength(8192), v.regex(/^https?:\/\//));

export const ToHunkwarePage = v.variant("type", [
  /** Prefetch this page for the offered lead; null: the offer is gone, drop what was prepared. */
  v.object({ type: v.literal("prepare-page"), url: v.nullable(PageUrl) }),
  /** The lead was accepted: if this very page was prepared, open it from the page and say so. */
  v.object({ type: v.literal("open-prepared"), url: PageUrl }),
]);
export type ToHunkwarePage = v.InferOutput<typeof ToHunkwarePage>;
/** The content script's answer to both: did it (prepare or) open the page? */
export const HunkwarePageReply = v.object({ done: v.boolean() });
export type HunkwarePageReply = v.InferOutput<typeof HunkwarePageReply>;

// ---------------------------------------------------------------------------------------------
// Flex page (MAIN world) → Flex content script (isolated world), by window.postMessage.
// ---------------------------------------------------------------------------------------------

export const PAGE_TOKEN_SOURCE = "hunkbridge-flex-token";
export const PageTokenMessage = v.object({
  source: v.literal(PAGE_TOKEN_SOURCE),
  token: v.string(),
  expiresAtMs: v.nullable(v.number()),
});

// ---------------------------------------------------------------------------------------------
// Flex page (MAIN world: listeners on Flex's Actions framework) ⇄ Flex content script (isolated
// world), by window.postMessage on the page's own origin. `to` tells each side which messages are
// its own; the MAIN side validates with these same schemas.
// ---------------------------------------------------------------------------------------------

export const PAGE_ACTIONS_SOURCE = "hunkbridge-flex-actions";
const PageActionsSource = v.literal(PAGE_ACTIONS_SOURCE);
/** The envelope of every message between the two worlds, spread into each (keeps valibot's types). */
const TO_EXTENSION = { source: PageActionsSource, to: v.literal("extension") };
const TO_PAGE = { source: PageActionsSource, to: v.literal("page") };
const RequestId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));
/**
 * One running copy of the MAIN-world listeners: copies of several extension versions can share a
 * page (no page event stops one: a page script could send it), so commands name the copy.
 */
const CopyId = v.pipe(v.string(), v.regex(/^[a-z0-9]{8,16}$/));
/**
 * The listeners' state on Flex's Actions: kept (all there), restored (another script had taken
 * one off; it is back), unknown (this Flex does not show its listeners), off (Flex's Actions were
 * replaced or are gone: nothing of ours is on what Flex runs).
 */
export const GUARD_STATES = ["kept", "restored", "unknown", "off"] as const;
export type GuardState = (typeof GUARD_STATES)[number];
const E164 = v.pipe(v.string(), v.regex(/^\+1[0-9]{10}$/));
/** The longest dial text checked: a phone number as typed, never a long text. */
export const MAX_DIAL_TEXT = 64;
const DialText = v.pipe(v.string(), v.maxLength(MAX_DIAL_TEXT));
const ReservationSid = v.pipe(v.string(), v.regex(/^WR[0-9a-f]{32}$/i));
const QueueSid = v.pipe(v.string(), v.regex(/^WQ[0-9a-f]{32}$/i));

/** Why a transfer was stopped: the task's own origin, or no task in the payload at all. */
export const StoppedTransferOrigin = v.picklist(["weblead", "unknown", "no-task"]);
export type StoppedTransferOrigin = v.InferOutput<typeof StoppedTransferOrigin>;

/** MAIN world → isolated world. */
export const FromFlexActions = v.variant("kind", [
  /**
   * The listeners are on Flex's Actions (also the answer to every "hello", the isolated world's
   * heartbeat): which copy, since when (the newest copy runs commands), and in what state.
   */
  v.object({
    ...TO_EXTENSION,
    kind: v.literal("listening"),
    copy: CopyId,
    startedAt: v.number(),
    guard: v.picklist(GUARD_STATES),
    /** The answer to the hello's nonce, MAC'd with the key only the two halves hold (page-key.ts). */
    proof: v.optional(v.object({ nonce: Hex(32), mac: Hex(64) })),
  }),
  /** beforeStartOutboundCall waits for the answer (dial-checked) before Flex dials. */
  v.object({ ...TO_EXTENSION, kind: v.literal("check-dial"), id: RequestId, destination: DialText }),
  v.object({ ...TO_EXTENSION, kind: v.literal("transfer-stopped"), origin: StoppedTransferOrigin }),
  /** Flex's own worker activity (null: Flex has none yet), whenever it changes. */
  v.object({
    ...TO_EXTENSION,
    kind: v.literal("flex-activity"),
    activity: v.nullable(v.object({ name: v.pipe(v.string(), v.maxLength(100)), available: v.boolean() })),
  }),
  /**
   * The agent signed out of Flex: Flex's Logout action went through. afterLogout waits for the
   * answer (signed-out-noted), so Flex leaves the page only once the service worker has it.
   */
  v.object({ ...TO_EXTENSION, kind: v.literal("signed-out"), id: RequestId }),
  /** How the cold transfer to customer service the agent confirmed went. */
  v.object({
    ...TO_EXTENSION,
    kind: v.literal("transfer-result"),
    sid: ReservationSid,
    error: v.nullable(v.pipe(v.string(), v.maxLength(300))),
  }),
]);
export type FromFlexActions = v.InferOutput<typeof FromFlexActions>;

export const DialVerdict = v.variant("ok", [
  /** Dial this E.164 number; show clients this caller ID (null: not known yet, leave Flex's). */
  v.object({ ok: v.literal(true), destination: E164, callerId: v.nullable(E164) }),
  /** Don't dial; the isolated world tells the agent why. */
  v.object({ ok: v.literal(false) }),
]);
export type DialVerdict = v.InferOutput<typeof DialVerdict>;

/** Isolated world → MAIN world. */
export const ToFlexActions = v.variant("kind", [
  /** Are the listeners there, and what is Flex's activity? (The two worlds start in either order.) */
  /** `nonce`: fresh each time; a copy holding the halves' key answers it with a proof. */
  v.object({ ...TO_PAGE, kind: v.literal("hello"), nonce: v.optional(Hex(32)) }),
  v.object({ ...TO_PAGE, kind: v.literal("dial-checked"), id: RequestId, verdict: DialVerdict }),
  /** The service worker has handled the sign-out (or could not be reached): Flex may go on. */
  v.object({ ...TO_PAGE, kind: v.literal("signed-out-noted"), id: RequestId }),
  /** The agent confirmed: cold-transfer this reservation's task to customer service. */
  v.object({
    ...TO_PAGE,
    kind: v.literal("transfer-to-customer-service"),
    /** Only this copy runs it: every copy on the page hears it. */
    copy: CopyId,
    sid: ReservationSid,
    targetSid: QueueSid,
  }),
]);
export type ToFlexActions = v.InferOutput<typeof ToFlexActions>;

// ---------------------------------------------------------------------------------------------
// Validation and sender checks.
// ---------------------------------------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parse<T extends v.GenericSchema>(schema: T, input: unknown): Parsed<v.InferOutput<T>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  return { ok: false, error: `invalid message${path ? ` at ${path}` : ""}: ${issue.message}` };
}

/**
 * A reply as it arrives from runtime.sendMessage, read against its request's schema: accepted, or
 * why not (the worker's refusal, no answer at all, or a malformed reply, which is never used).
 */
export function readReply<T extends RequestType>(type: T, raw: unknown): Parsed<ReplyTo<T>> {
  // runtime.sendMessage resolves with nothing when the listeners gave no answer.
  if (raw === undefined || raw === null) return { ok: false, error: "the extension did not answer" };
  if ((raw as { ok?: unknown }).ok === false) {
    const refusal = parse(Refusal, raw);
    return {
      ok: false,
      error: refusal.ok ? refusal.value.error : `the extension's reply is malformed: ${refusal.error}`,
    };
  }
  const parsed = parse(REPLIES[type], raw);
  if (!parsed.ok) return { ok: false, error: `the extension's reply is malformed: ${parsed.error}` };
  return { ok: true, value: parsed.value as ReplyTo<T> };
}
