/**
 * The realflex page: Flex's real UI (@twilio/flex-ui 2.17.1) booted offline, with HunkBridge's own
 * Actions listeners bundled beside it, for tests/realflex. How Flex is made to run without Twilio's
 * services is in docs/flex-apis.md ("Running Flex's real UI offline"):
 * - the store and the Manager singleton as Manager.create makes them, minus the network
 *   (offline-flex.ts);
 * - reservations enter the store by `WORKER_ADD_RESERVATION`, hand-made here as twilio-taskrouter
 *   Reservation/Task look-alikes whose methods record their calls;
 * - Flex's action bodies use FlexModule.workerClient (a twilio-taskrouter Worker): a fake one is
 *   planted there (build.ts exposes FlexModule), its createTask recorded.
 * (The real-Flex fixture page, fed by the TaskRouter emulator instead of fakes, is fixture/.)
 */
import * as Flex from "@twilio/flex-ui";
import { createElement as h } from "react";
import { render as renderInto } from "react-dom";
import { Provider } from "react-redux";
import { flexTasksOf } from "../../content-scripts/flex/actions/flex-tasks.ts";
import { installActionListeners } from "../../content-scripts/flex/actions/listeners.ts";
import type { DialVerdict } from "../../src/protocol/messages.ts";
import type {
  FlexComponent,
  HunkBridgeRecord,
  RealFlexPage,
  RealFlexWindow,
  ReservationSpec,
  SpiedCall,
} from "./api.ts";
import { createOfflineFlex, flexInternals } from "./offline-flex.ts";

type Listener = (...args: unknown[]) => void;
type Emitter = Record<string, unknown>;

const calls: SpiedCall[] = [];
/** A spy that records its call and resolves with `result` (what the SDK's promise gives). */
const spy =
  (what: string, result: () => unknown = () => undefined) =>
  (...args: unknown[]) => {
    calls.push({ what, args: JSON.parse(JSON.stringify(args)) as unknown[] });
    return Promise.resolve(result());
  };

/** The EventEmitter methods Flex calls on twilio-taskrouter's Worker, Reservation and Task. */
function emitter<T extends Emitter>(target: T): T & { emit(event: string, ...args: unknown[]): void } {
  const listeners = new Map<string, Listener[]>();
  const on = (event: string, listener: Listener) => {
    listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    return target;
  };
  const off = (event: string, listener: Listener) => {
    listeners.set(
      event,
      (listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return target;
  };
  return Object.assign(target, {
    on,
    addListener: on,
    off,
    removeListener: off,
    once: (event: string, listener: Listener) => {
      const once: Listener = (...args) => {
        off(event, once);
        listener(...args);
      };
      return on(event, once);
    },
    removeAllListeners: (event?: string) => {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return target;
    },
    listenerCount: (event: string) => (listeners.get(event) ?? []).length,
    emit: (event: string, ...args: unknown[]) => {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(...args);
    },
  });
}

const WORKER_SID = "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const WORKSPACE_SID = "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const AVAILABLE = { sid: "WAavailable", name: "Available", available: true };

const { store, manager } = createOfflineFlex();
const { flexModule } = flexInternals();
// The dialer panel lists the workspace's queues (none here).
flexModule.workspaceClient = { fetchTaskQueues: async () => new Map() };
let createdTasks = 0;
const worker = emitter({
  sid: WORKER_SID,
  accountSid: ACCOUNT_SID,
  workspaceSid: WORKSPACE_SID,
  attributes: { contact_uri: "+15550001111" },
  activity: AVAILABLE,
  reservations: new Map(),
  createTask: (...args: unknown[]) => {
    const taskSid = `WT${String(++createdTasks).padStart(32, "0")}`;
    // StartOutboundCall waits for the new task's reservation before it resolves.
    setTimeout(() =>
      worker.emit("reservationCreated", { sid: `WR${taskSid.slice(2)}`, task: { sid: taskSid } }),
    );
    return spy("worker.createTask", () => taskSid)(...args);
  },
  // Logout's shutdown disconnects the worker.
  disconnect: spy("worker.disconnect"),
});
flexModule.workerClient = worker;

/**
 * What StartOutboundCall and the dialer need (docs/flex-apis.md, StartOutboundCall): outbound
 * calling on, a queue, a caller ID, a workflow, location US (NANP numbers formatted to E.164), an
 * agent who is available and not on a `client:` contact URI (that would need a microphone).
 */
(manager as unknown as { _serviceConfiguration: unknown })._serviceConfiguration = {
  account_sid: ACCOUNT_SID,
  taskrouter_workspace_sid: WORKSPACE_SID,
  taskrouter_offline_activity_sid: "WAoffline",
  outbound_call_flows: {
    default: {
      enabled: true,
      location: "US",
      caller_id: "+15085559999",
      queue_sid: "WQ00000000000000000000000000000001",
      workflow_sid: "WW00000000000000000000000000000001",
    },
  },
};
/** twilio-taskrouter Activities: Logout makes the service configuration's offline one current. */
const activity = (sid: string, name: string, available: boolean) => ({
  sid,
  name,
  available,
  isCurrent: available,
  setAsCurrent: spy(`activity.setAsCurrent ${name}`),
});
store.dispatch({
  type: "WORKER_UPDATE",
  payload: {
    activity: AVAILABLE,
    activities: new Map([
      [AVAILABLE.sid, activity(AVAILABLE.sid, AVAILABLE.name, true)],
      ["WAoffline", activity("WAoffline", "Offline", false)],
    ]),
    attributes: worker.attributes,
  },
});
// An agent's session: the dialer panel checks its token's roles and permissions.
store.dispatch({
  type: "FLEX_ACTION_TOKEN_UPDATED",
  payload: {
    tokenPayload: {
      identity: "agent",
      roles: ["agent"],
      permissions: [],
      token: "not-a-token",
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    },
  },
});

const reservations = new Map<string, Emitter>();

function addReservation(spec: ReservationSpec): void {
  const task = emitter({
    sid: spec.taskSid,
    attributes: spec.attributes,
    taskChannelUniqueName: "voice",
    taskChannelSid: "TC00000000000000000000000000000001",
    queueName: "Sales",
    queueSid: "WQ00000000000000000000000000000001",
    workflowSid: "WW00000000000000000000000000000001",
    workflowName: "Default",
    age: 5,
    priority: 0,
    reason: null,
    status: spec.status === "pending" ? "reserved" : "assigned",
    timeout: 86400,
    routingTarget: null,
    dateCreated: new Date(),
    dateUpdated: new Date(),
    transfers: { incoming: null, outgoing: null },
    addOns: {},
    transfer: spy(`task.transfer ${spec.sid}`),
    setAttributes: spy(`task.setAttributes ${spec.sid}`),
    complete: spy(`task.complete ${spec.sid}`),
    wrapUp: spy(`task.wrapUp ${spec.sid}`),
    hold: spy(`task.hold ${spec.sid}`),
    kick: spy(`task.kick ${spec.sid}`),
    updateParticipant: spy(`task.updateParticipant ${spec.sid}`),
  });
  const reservation: Emitter = emitter({
    sid: spec.sid,
    status: spec.status,
    task,
    workerSid: WORKER_SID,
    accountSid: ACCOUNT_SID,
    workspaceSid: WORKSPACE_SID,
    dateCreated: new Date(),
    dateUpdated: new Date(),
    timeout: 120,
    canceledReasonCode: null,
    version: "1",
    accept: spy(`reservation.accept ${spec.sid}`, () => reservation),
    reject: spy(`reservation.reject ${spec.sid}`, () => reservation),
    conference: spy(`reservation.conference ${spec.sid}`, () => reservation),
    updateParticipant: spy(`reservation.updateParticipant ${spec.sid}`, () => reservation),
    complete: spy(`reservation.complete ${spec.sid}`, () => reservation),
    wrap: spy(`reservation.wrap ${spec.sid}`, () => reservation),
  });
  reservations.set(spec.sid, reservation);
  store.dispatch({ type: "WORKER_ADD_RESERVATION", payload: reservation });
}

function removeReservation(sid: string): void {
  store.dispatch({ type: "WORKER_DELETE_RESERVATION", payload: reservations.get(sid) });
  reservations.delete(sid);
}

const COMPONENTS: Record<FlexComponent, unknown> = {
  TaskListItem: Flex.TaskListItem,
  TaskCanvas: Flex.TaskCanvas,
  OutboundDialerPanel: Flex.OutboundDialerPanel,
  MainHeader: Flex.MainHeader,
};

/** Inside react-redux's Provider and Flex's ContextProvider; per task, its TaskContextSource. */
function render(component: FlexComponent, id: string, sid?: string) {
  const section = document.createElement("section");
  section.id = id;
  document.body.append(section);
  let element = h(COMPONENTS[component], {});
  if (sid !== undefined) element = h(Flex.TaskContextSource, { taskSid: sid }, element);
  renderInto(h(Provider, { store }, h(Flex.ContextProvider, { manager }, element)), section);
}

const page: RealFlexPage = {
  ready: false,
  addReservation,
  removeReservation,
  render,
  calls,
  actions: Flex.Actions as unknown as RealFlexPage["actions"],
  task: (sid) =>
    (store.getState() as { flex: { worker: { tasks: Map<string, object> } } }).flex.worker.tasks.get(sid),
  invoke: (name, payload) =>
    Flex.Actions.invokeAction(name, payload).then(
      () => ({ ok: true }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    ),
};
const globals = window as unknown as RealFlexWindow;
globals.realflex = page;
globals.__installHunkBridge = (verdictFor: (destination: string) => DialVerdict | null) => {
  const record: HunkBridgeRecord = { reports: [], warnings: [] };
  installActionListeners(
    Flex.Actions,
    {
      checkDial: async (destination) => verdictFor(destination),
      // Answers a moment later, as the service worker does: "signed-out-noted" is recorded only
      // when Flex has waited for the answer (its after-listeners' promises) before resolving.
      signedOut: async () => {
        record.reports.push({ kind: "signed-out" });
        await new Promise((resolve) => setTimeout(resolve, 50));
        record.reports.push({ kind: "signed-out-noted" });
        return true;
      },
      report: (message) => record.reports.push({ ...message }),
    },
    (line) => record.warnings.push(line),
    // Flex's own store, as the content script reads it from the page's Twilio.Flex.
    flexTasksOf({ Twilio: { Flex: { Manager: Flex.Manager } } }),
  );
  return record;
};

void manager.loadInitialData().then(() => {
  page.ready = true;
});
