/**
 * Applies every overlay from ONE place: a single MutationObserver on the document (Flex re-renders
 * and replaces nodes at any time), the agent view when it changes, and a 250 ms ticker that runs
 * only while a countdown still counts. Each apply is idempotent and writes only what differs; the
 * records our own writes cause are dropped (takeRecords) so they never trigger another pass.
 */

import type { ConnectionFix } from "../../../src/domain/connection-health.ts";
import type { AgentView } from "../../../src/protocol/messages.ts";
import { applyAcceptCountdowns } from "./accept-countdown.ts";
import { applyActionNotice, NOTICE_MS, type Notice } from "./action-notice.ts";
import type { ActionsEvent } from "./actions-link.ts";
import { applyCallerId } from "./caller-id.ts";
import { applyCsTransfer, type CsTransferState } from "./customer-service-transfer.ts";
import {
  customerServiceTransfer,
  decideTransferGuard,
  refusedDialText,
  screenPopOffText,
  showOfflineBanner,
  stoppedTransferText,
} from "./decisions.ts";
import { applyDialCountdown } from "./dial-countdown.ts";
import { DIAL_MARKER, installDialpad } from "./dialpad.ts";
import { noteFlexChange } from "./dom.ts";
import { applyFlexTabsNotice } from "./flex-tabs-notice.ts";
import { applyOfflineBanner, type BannerState } from "./offline-banner.ts";
import { applyScreenPopOff } from "./screen-pop-off.ts";
import { applyStatusChip } from "./status-chip.ts";
import { ensureStyles } from "./styles.ts";
import { GUARD_MARKER, installTransferGuard } from "./transfer-guard.ts";

export const TICK_MS = 250;

/** What asking the service worker for Available gave: its view (null: none came), or why not. */
export type SetAvailableResult = { ok: true; view: AgentView | null } | { ok: false; error: string };

export interface ControllerDeps {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setAvailable(): Promise<SetAvailableResult>;
  /** The status chip's fixing action (the popup's, as it applies on Flex). */
  fix(fix: ConnectionFix): void;
  /** HunkBridge's listeners on Flex's Actions (actions-link.ts). */
  actions: { readonly listening: boolean; transferToCustomerService(sid: string, targetSid: string): void };
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
const MARKERS = [GUARD_MARKER, DIAL_MARKER];

export function startOverlays(doc: Document, deps: ControllerDeps): OverlayController {
  let view: AgentView | null = null;
  const banner: BannerState = { sending: false, error: null };
  let ticker: unknown = null;
  let applies = 0;
  let stopped = false;
  let notice: Notice | null = null;
  /** Flex's own worker is Available (reported from the page's world). */
  let flexAvailable = false;
  /** The customer-service transfer of reservation `csSid`: asked, confirmed, failed. */
  let cs: CsTransferState = { phase: "idle", error: null };
  let csSid: string | null = null;

  const guard = installTransferGuard(doc);
  const dialpad = installDialpad(doc, () => run());

  const goAvailable = () => {
    if (banner.sending) return;
    banner.sending = true;
    banner.error = null;
    run();
    void deps.setAvailable().then((result) => {
      banner.sending = false;
      if (result.ok) {
        if (result.view) view = result.view;
      } else banner.error = result.error;
      run();
    });
  };

  const setCs = (next: CsTransferState) => {
    cs = next;
    run();
  };
  const csActions = {
    ask() {
      setCs({ phase: "confirming", error: null });
      doc.querySelector<HTMLElement>('[data-testid="hb-cs-transfer-confirm"]')?.focus();
    },
    confirm() {
      const offer = customerServiceTransfer(view);
      if (!offer || cs.phase === "sending") return;
      setCs({ phase: "sending", error: null });
      deps.actions.transferToCustomerService(offer.sid, offer.targetSid);
    },
    cancel: () => setCs({ phase: "idle", error: null }),
  };
  const showNotice = (text: string) => {
    notice = { text, untilMs: deps.now() + NOTICE_MS };
    run();
  };

  /** Records not made by us: Flex changed a control we hold disabled, remember what it wants. */
  const noteFlexChanges = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type !== "attributes" || !(record.target instanceof Element)) continue;
      for (const marker of MARKERS) noteFlexChange(record.target, marker, record.attributeName ?? "");
    }
  };

  /** Everything that changes with time alone; true while something still counts. */
  const applyTimed = (nowMs: number): boolean => {
    const accept = applyAcceptCountdowns(doc, view, nowMs);
    const dial = applyDialCountdown(doc, view, nowMs);
    if (notice && nowMs >= notice.untilMs) notice = null;
    applyActionNotice(doc, notice, () => {
      notice = null;
      run();
    });
    return accept || dial || notice !== null;
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
    ensureStyles(doc);
    guard.apply(decideTransferGuard(view));
    applyOfflineBanner(doc, showOfflineBanner(view), banner, goAvailable);
    applyStatusChip(doc, view, deps.fix);
    applyFlexTabsNotice(doc, view?.flexTabs ?? 0);
    applyScreenPopOff(doc, screenPopOffText(view, flexAvailable));
    dialpad.apply();
    applyCallerId(doc, view?.calling.callerId ?? null);
    const offer = customerServiceTransfer(view);
    if ((offer?.sid ?? null) !== csSid) {
      csSid = offer?.sid ?? null;
      cs = { phase: "idle", error: null };
    }
    applyCsTransfer(doc, offer !== null && deps.actions.listening, cs, csActions);
    setTicking(applyTimed(deps.now()));
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
    setTicking(applyTimed(deps.now()));
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
      if (event.kind === "listening") run();
      else if (event.kind === "flex-activity") {
        flexAvailable = event.activity?.available === true;
        run();
      } else if (event.kind === "transfer-stopped") showNotice(stoppedTransferText(event.origin));
      else if (event.kind === "dial-refused") showNotice(refusedDialText(event.reason));
      else if (event.kind === "transfer-result" && event.sid === csSid && event.error !== null) {
        setCs({ phase: "failed", error: event.error });
      }
    },
    stop() {
      stopped = true;
      observer.disconnect();
      setTicking(false);
      guard.dispose();
      dialpad.dispose();
    },
    get applies() {
      return applies;
    },
  };
}
