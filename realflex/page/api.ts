/**
 * What the realflex page (page/entry.ts) offers tests/realflex on `window`. Types only: the main
 * type-check reads this file through the test, so it names nothing of React's or Flex's.
 */
import type { DialVerdict } from "../../src/protocol/messages.ts";

export interface ReservationSpec {
  /** The reservation SID (WR…): Flex's store keys tasks by it, TransferTask's `sid` names it. */
  sid: string;
  /** The task SID (WT…). */
  taskSid: string;
  status: "pending" | "accepted";
  /** The task's attributes, as the workflow wrote them. */
  attributes: Record<string, unknown>;
}

/** One call into the fake TaskRouter SDK objects Flex's action bodies use. */
export interface SpiedCall {
  what: string;
  args: unknown[];
}

/** How `invokeAction` settled; `error` is the rejection's message. */
export type Settled = { ok: true } | { ok: false; error: string };

/** Flex's own components the page renders: the first two per task, in its TaskContextSource. */
export type FlexComponent = "TaskListItem" | "TaskCanvas" | "OutboundDialerPanel" | "MainHeader";

export interface RealFlexPage {
  /** True once Manager.loadInitialData() is done. */
  ready: boolean;
  /** Into Flex's store (WORKER_ADD_RESERVATION), as Flex's own worker listener does. */
  addReservation(spec: ReservationSpec): void;
  /** Out of the store (WORKER_DELETE_RESERVATION): StartOutboundCall refuses while a call is live. */
  removeReservation(sid: string): void;
  /** Renders Flex's own component into a new `<section id=…>`, for the reservation `sid` if given. */
  render(component: FlexComponent, id: string, sid?: string): void;
  /** Flex's own ITask for a reservation SID, from its store (`flex.worker.tasks`). */
  task(sid: string): object | undefined;
  /** Flex's real `Actions.invokeAction`, settled into something puppeteer can carry back. */
  invoke(name: string, payload: Record<string, unknown>): Promise<Settled>;
  /** Every spied SDK call so far (createTask on the worker; transfer, … on the fake tasks). */
  calls: SpiedCall[];
  /** Flex's Actions, for a test that stands in for another plugin. */
  actions: { addListener(event: string, listener: (...args: unknown[]) => unknown): void };
}

/** What `__installHunkBridge` returns: everything our listeners told the extension. */
export interface HunkBridgeRecord {
  reports: Array<Record<string, unknown>>;
  warnings: string[];
}

/** The page's globals (no `declare global`: the main type-check must not see them on every window). */
export interface RealFlexWindow {
  realflex: RealFlexPage;
  /**
   * Installs HunkBridge's listeners (content-scripts/flex/actions/listeners.ts) on Flex's real
   * Actions with a fake link to the extension: checkDial answers `verdictFor(destination)`.
   */
  __installHunkBridge(verdictFor: (destination: string) => DialVerdict | null): HunkBridgeRecord;
}
