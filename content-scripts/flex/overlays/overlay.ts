/**
 * What a Flex overlay feature is to the overlay controller (controller.ts), which walks the list
 * in registry.ts. A feature lives in its folder under src/features/ (its `flex.ts`) and gives the
 * controller a `start`, called once per page; what it returns is applied again and again.
 */
import type { ConnectionFix } from "../../../src/domain/connection-health.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";
import type { ActionsEvent, GuardHealth } from "./actions-link.ts";

/** What asking the service worker for Available gave: its view (null: none came), or why not. */
export type SetAvailableResult = { ok: true; view: AgentView | null } | { ok: false; error: string };

/** What every apply sees, the same for every overlay of one pass. */
export interface OverlayFrame {
  /** The latest agent view, or null when unknown (not connected, port lost, malformed push). */
  view: AgentView | null;
  nowMs: number;
  /** Flex's own worker is Available (reported from the page's world). */
  flexAvailable: boolean;
  /** HunkBridge's listeners are on Flex's Actions and answer (actions-link.ts). */
  actionsListening: boolean;
  /** Whether they answer: "off" fails closed and the status chip says so (actions-link.ts). */
  guardHealth: GuardHealth;
}

/** What the controller lends each overlay for its life on the page. */
export interface OverlayContext {
  doc: Document;
  now(): number;
  /** A newer agent view than the last push (a request's answer): every overlay gets it. */
  viewArrived(view: AgentView): void;
  /** Something this overlay holds changed (a click, a reply): every overlay is applied again. */
  rerun(): void;
  /** A short notice at the bottom of Flex (action-notice.ts), for what a listener stopped. */
  notify(text: string): void;
  /** Asks the service worker to set the agent Available. */
  setAvailable(): Promise<SetAvailableResult>;
  /** The popup's fixing action for the connection, as it applies on Flex. */
  fix(fix: ConnectionFix): void;
  /** Asks HunkBridge's listeners on Flex's Actions for the cold transfer to customer service. */
  transferToCustomerService(sid: string, targetSid: string): void;
}

export interface Overlay {
  /** Brings the page in line with the frame; idempotent, writes only what differs. */
  apply?(frame: OverlayFrame): void;
  /** What changes with time alone (run on every tick too); true while it still counts. */
  tick?(frame: OverlayFrame): boolean;
  /**
   * Attributes that mark Flex controls this overlay holds (disabled): when Flex itself changes
   * one, the marker remembers what Flex wants (dom.ts, noteFlexChange).
   */
  markers?: readonly string[];
  /** What HunkBridge's listeners on Flex's Actions did or heard. */
  onActionsEvent?(event: ActionsEvent): void;
  /** Takes its nodes and listeners away (the extension was unloaded or updated). */
  dispose?(): void;
}

export interface FlexOverlayFeature {
  /** For logs and the benchmark. */
  name: string;
  /** Its own CSS rules (scoped to `hb-` classes), added once to the overlays' stylesheet. */
  css?: string;
  start(ctx: OverlayContext): Overlay;
}
