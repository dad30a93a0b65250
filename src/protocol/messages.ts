/**
 * The one message protocol between the service worker, the content scripts, the popup and the
 * options page. Every message is validated on arrival (valibot: small, tree-shakable schemas that
 * double as TypeScript types) and every sender is checked against the role allowed to send it.
 */
import * as v from "valibot";
import { MAX_ATTRIBUTE_TEXT } from "../domain/attributes.ts";
import { TASK_ORIGINS } from "../domain/origin.ts";
import { TASK_OUTCOMES } from "../domain/reservation-history.ts";
import { RESERVATION_PHASES } from "../domain/reservation-lifecycle.ts";

const Sid = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`)));

// ---------------------------------------------------------------------------------------------
// Requests to the service worker (runtime.sendMessage), each answered with a Reply.
// ---------------------------------------------------------------------------------------------

const FLEX_TOKEN_MAX_LENGTH = 16_384;
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
/** From the Flex content script: the agent signed out of Flex (Flex's own Logout action). */
export const FlexSignedOutRequest = v.object({ type: v.literal("flex-signed-out") });
export const GetViewRequest = v.object({ type: v.literal("get-view") });
export const SetActivityRequest = v.object({ type: v.literal("set-activity"), activitySid: Sid("WA") });
export const SetAvailableRequest = v.object({ type: v.literal("set-available") });
export const RetryConnectionRequest = v.object({ type: v.literal("retry-connection") });
/** From the status chip on Flex: content scripts can't open the options page themselves. */
export const OpenOptionsRequest = v.object({ type: v.literal("open-options") });

/** From the Hunkware content script: what to fill into the page for the task in hand. */
export const GetScreenPopRequest = v.object({ type: v.literal("get-screen-pop"), reservationSid: Sid("WR") });

const DraftField = v.object({
  /** The field's id or name: a control with neither is not reported (draft-reporter.ts). */
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
  FlexSignedOutRequest,
  GetViewRequest,
  SetActivityRequest,
  SetAvailableRequest,
  RetryConnectionRequest,
  OpenOptionsRequest,
  GetScreenPopRequest,
  HunkwareDraftRequest,
  GetDraftRequest,
  DismissDraftRequest,
]);
export type Request = v.InferOutput<typeof Request>;
export type RequestType = Request["type"];

/** Who may send what: a content script on Flex can hand over a token, never change activity. */
export type SenderRole = "popup" | "options" | "flex" | "hunkware";
export const ALLOWED_SENDERS: Record<RequestType, readonly SenderRole[]> = {
  "flex-token": ["flex"],
  "flex-signed-out": ["flex"],
  "get-view": ["popup", "options", "flex", "hunkware"],
  "set-activity": ["popup"],
  "set-available": ["popup", "flex"],
  "retry-connection": ["popup", "options", "flex"],
  "open-options": ["flex"],
  "get-screen-pop": ["hunkware"],
  "hunkware-draft": ["hunkware"],
  "get-draft": ["hunkware"],
  "dismiss-draft": ["hunkware", "popup"],
};

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
  /** How many tabs show Flex: one is enough, a second is a second Flex session. */
  flexTabs: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** What Flex's calls use, from the configuration (CONTRACT §1). */
  calling: v.object({
    /** `outboundCallerId` as E.164: the number clients see and call back. */
    callerId: v.string(),
    /** `customerServiceTarget`: the TaskQueue inbound calls are cold-transferred to; null if unset. */
    customerServiceTarget: v.nullable(v.string()),
  }),
});
export type AgentView = v.InferOutput<typeof AgentView>;

/** Pushed over a runtime Port named VIEW_PORT whenever the view changes. */
export const VIEW_PORT = "hb-view";
export const ViewPush = v.object({ type: v.literal("view"), view: AgentView });
export type ViewPush = v.InferOutput<typeof ViewPush>;

// ---------------------------------------------------------------------------------------------
// Replies to requests: validated on arrival like every other message (readReply).
// ---------------------------------------------------------------------------------------------

const FieldFill = v.object({
  /** A CSS selector from the admin's fieldMap; the configuration sets no limit, so this is generous. */
  selector: v.pipe(v.string(), v.maxLength(4096)),
  /** Attribute text, capped at MAX_ATTRIBUTE_TEXT code points: at most two UTF-16 units each. */
  value: v.pipe(v.string(), v.maxLength(2 * MAX_ATTRIBUTE_TEXT)),
});
export type FieldFill = v.InferOutput<typeof FieldFill>;

/** Every request is answered with the current view (and what it asked for), or a refusal. */
export const Reply = v.variant("ok", [
  v.object({
    ok: v.literal(true),
    view: AgentView,
    /** get-screen-pop: the fieldMap fields to fill for that reservation. */
    fill: v.optional(v.array(FieldFill)),
    /** get-draft: the kept draft's fields. */
    draft: v.optional(DraftFields),
  }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);
export type Reply = v.InferOutput<typeof Reply>;
export type OkReply = Extract<Reply, { ok: true }>;

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
const RequestId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));
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
  /** The listeners are on Flex's Actions (also the answer to "hello"). */
  v.object({ source: PageActionsSource, to: v.literal("extension"), kind: v.literal("listening") }),
  /** beforeStartOutboundCall waits for the answer (dial-checked) before Flex dials. */
  v.object({
    source: PageActionsSource,
    to: v.literal("extension"),
    kind: v.literal("check-dial"),
    id: RequestId,
    destination: DialText,
  }),
  v.object({
    source: PageActionsSource,
    to: v.literal("extension"),
    kind: v.literal("transfer-stopped"),
    origin: StoppedTransferOrigin,
  }),
  /** Flex's own worker activity (null: Flex has none yet), whenever it changes. */
  v.object({
    source: PageActionsSource,
    to: v.literal("extension"),
    kind: v.literal("flex-activity"),
    activity: v.nullable(v.object({ name: v.pipe(v.string(), v.maxLength(100)), available: v.boolean() })),
  }),
  /** The agent signed out of Flex: Flex's Logout action went through. */
  v.object({ source: PageActionsSource, to: v.literal("extension"), kind: v.literal("signed-out") }),
  /** How the cold transfer to customer service the agent confirmed went. */
  v.object({
    source: PageActionsSource,
    to: v.literal("extension"),
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
  v.object({ source: PageActionsSource, to: v.literal("page"), kind: v.literal("hello") }),
  v.object({
    source: PageActionsSource,
    to: v.literal("page"),
    kind: v.literal("dial-checked"),
    id: RequestId,
    verdict: DialVerdict,
  }),
  /** The agent confirmed: cold-transfer this reservation's task to customer service. */
  v.object({
    source: PageActionsSource,
    to: v.literal("page"),
    kind: v.literal("transfer-to-customer-service"),
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
 * A reply as it arrives from runtime.sendMessage, for every caller alike: an accepted request, or
 * why not (the worker's refusal, no answer at all, or a malformed reply, which is never used).
 */
export function readReply(raw: unknown): Parsed<OkReply> {
  // runtime.sendMessage resolves with nothing when the listeners gave no answer.
  if (raw === undefined || raw === null) return { ok: false, error: "the extension did not answer" };
  const parsed = parse(Reply, raw);
  if (!parsed.ok) return { ok: false, error: `the extension's reply is malformed: ${parsed.error}` };
  return parsed.value.ok ? { ok: true, value: parsed.value } : { ok: false, error: parsed.value.error };
}

/** The parts of runtime.MessageSender the check needs. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
}

/**
 * Which role a sender plays, or null for anything we don't trust: another extension, a page of
 * our own we don't expect, or a content script on an origin the configuration doesn't name.
 */
export function senderRole(
  sender: SenderInfo,
  extensionId: string,
  isFlexOrigin: (origin: string) => boolean,
  isHunkwareUrl: (url: string) => boolean,
): SenderRole | null {
  if (sender.id !== extensionId || !sender.url) return null;
  // Our own pages: the popup, or the same page opened in a tab (as QA's harness does).
  const own = `chrome-extension://${extensionId}/`;
  if (sender.url.startsWith(own)) {
    if (sender.url.startsWith(`${own}popup/`)) return "popup";
    if (sender.url.startsWith(`${own}options/`)) return "options";
    return null;
  }
  if (!sender.tab) return null;
  const origin = sender.origin ?? safeOrigin(sender.url);
  if (origin && isFlexOrigin(origin)) return "flex";
  if (isHunkwareUrl(sender.url)) return "hunkware";
  return null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
