/**
 * Applies every overlay from ONE place: a single MutationObserver on the document (Flex re-renders
 * and replaces nodes at any time), the agent view when it changes, and a 250 ms ticker that runs
 * only while something still counts. It walks the overlays of registry.ts; each apply is idempotent
 * and writes only what differs; the records our own writes cause are dropped (takeRecords) so they
 * never trigger another pass.
 */

import type { ConnectionFix } from "../../../src/domain/connection-health.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";
import { createActionNotice } from "./action-notice.ts";
import type { ActionsEvent, GuardHealth } from "./actions-link.ts";
import { noteFlexChange } from "./dom.ts";
import type {
  FlexOverlayFeature,
  Overlay,
  OverlayContext,
  OverlayFrame,
  SetAvailableResult,
} from "./overlay.ts";
import { FLEX_OVERLAYS } from "./registry.ts";
import { ensureStyles } from "./styles.ts";

export type { SetAvailableResult } from "./overlay.ts";

export const TICK_MS = 250;

export interface ControllerDeps {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setAvailable(): Promise<SetAvailableResult>;
  /** The status chip's fixing action (the popup's, as it applies on Flex). */
  fix(fix: ConnectionFix): void;
  /** HunkBridge's listeners on Flex's Actions (actions-link.ts). */
  actions: {
    readonly listening: boolean;
    readonly health: GuardHealth;
    transferToCustomerService(sid: string, targetSid: string): void;
  };
}

export interface OverlayController {
  /** The latest agent view, or null when unknown (not connected, port lost, malformed push). */
  setView(view: AgentView | null): void;
  /** Applies everything now (also what the observer does). */
  apply(): void;
  /** What HunkBridge's listeners on Flex's Actions did or heard. */
  actionEvent(event: ActionsEvent): void;
  stop(): void;
  /** For tests and the benchmark: how many applies ran. */
  readonly applies: number;
}

const OBSERVED_ATTRIBUTES = ["disabled", "aria-disabled"];

export function startOverlays(
  doc: Document,
  deps: ControllerDeps,
  features: readonly FlexOverlayFeature[] = FLEX_OVERLAYS,
): OverlayController {
  let view: AgentView | null = null;
  let flexAvailable = false;
  let ticker: unknown = null;
  let applies = 0;
  let stopped = false;

  const notice = createActionNotice(doc, deps.now, () => run());
  const ctx: OverlayContext = {
    doc,
    now: deps.now,
    viewArrived: (next) => {
      view = next;
    },
    rerun: () => run(),
    notify: (text) => notice.show(text),
    setAvailable: deps.setAvailable,
    fix: deps.fix,
    transferToCustomerService: (sid, targetSid) => deps.actions.transferToCustomerService(sid, targetSid),
  };
  // The notice is the controller's own, last: every feature may raise it.
  const overlays: Overlay[] = [...features.map((f) => f.start(ctx)), notice];
  const markers = overlays.flatMap((o) => o.markers ?? []);
  // Each feature's own rules once, in the registry's order (two countdowns share theirs).
  const css = [...new Set(features.map((f) => f.css ?? ""))].join("");

  const frame = (): OverlayFrame => ({
    view,
    nowMs: deps.now(),
    flexAvailable,
    actionsListening: deps.actions.listening,
    guardHealth: deps.actions.health,
  });

  /** Records not made by us: Flex changed a control we hold disabled, remember what it wants. */
  const noteFlexChanges = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type !== "attributes" || !(record.target instanceof Element)) continue;
      for (const marker of markers) noteFlexChange(record.target, marker, record.attributeName ?? "");
    }
  };

  /** Everything that changes with time alone; true while something still counts. */
  const applyTimed = (f: OverlayFrame): boolean => {
    let counting = false;
    for (const overlay of overlays) if (overlay.tick?.(f)) counting = true;
    return counting;
  };

  const setTicking = (on: boolean) => {
    if (on && ticker === null) ticker = deps.setInterval(tick, TICK_MS);
    else if (!on && ticker !== null) {
      deps.clearInterval(ticker);
      ticker = null;
    }
  };

  const applyAll = () => {
    applies++;
    ensureStyles(doc, css);
    const f = frame();
    for (const overlay of overlays) overlay.apply?.(f);
    setTicking(applyTimed(f));
  };

  const observer = new MutationObserver((records) => {
    noteFlexChanges(records);
    applyAll();
    observer.takeRecords();
  });

  function run() {
    if (stopped) return;
    noteFlexChanges(observer.takeRecords());
    applyAll();
    observer.takeRecords();
  }

  function tick() {
    if (stopped) return;
    noteFlexChanges(observer.takeRecords());
    setTicking(applyTimed(frame()));
    observer.takeRecords();
  }

  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: OBSERVED_ATTRIBUTES,
  });
  run();

  return {
    setView(next) {
      view = next;
      run();
    },
    apply: run,
    actionEvent(event) {
      if (event.kind === "flex-activity") flexAvailable = event.activity?.available === true;
      for (const overlay of overlays) overlay.onActionsEvent?.(event);
      if (event.kind === "listening" || event.kind === "flex-activity" || event.kind === "guard-health")
        run();
    },
    stop() {
      stopped = true;
      observer.disconnect();
      setTicking(false);
      for (const overlay of overlays) overlay.dispose?.();
    },
    get applies() {
      return applies;
    },
  };
}
