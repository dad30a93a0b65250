import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * A stand-in for Twilio's TaskRouter REST API (https://taskrouter.twilio.com/v1) on 127.0.0.1,
 * port 0: just the resources the admin kit and the transfer guard use, answering in Twilio's
 * JSON shapes (snake_case fields, list pages with `meta.key`), and recording every request as the
 * `twilio` library sent it (method, path, query, form body, Basic auth user). Twilio's own
 * `twilio` library talks to it through `loopbackClientOptions`: its RequestClient, with every
 * `https://<product>.twilio.com` URL sent here instead.
 */

const TOKEN_SERVICE_DIR = fileURLToPath(new URL("../../../token-service/", import.meta.url));
const requireFromTokenService = createRequire(TOKEN_SERVICE_DIR);

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  /** The user of the Basic auth header (account sid or API key sid). */
  user: string | null;
}

export interface FakeWorkflow {
  sid: string;
  friendlyName: string;
  configuration: string;
}

export interface FakeTask {
  sid: string;
  assignmentStatus: string;
  taskQueueSid: string;
  attributes: string;
  reason?: string;
}

export interface FakeWorkspace {
  sid: string;
  friendlyName: string;
  eventCallbackUrl: string | null;
  eventsFilter: string | null;
  queues: { sid: string; friendlyName: string }[];
  workflows: FakeWorkflow[];
  tasks: FakeTask[];
  reservations: { sid: string; taskSid: string; status: string }[];
  /** TaskRouter events; `task.created` ones carry the task's attributes at creation. */
  events: { sid: string; eventType: string; taskSid: string; eventData: Record<string, unknown> }[];
}

export interface FakeTaskRouter {
  baseUrl: string;
  requests: RecordedRequest[];
  workspace: FakeWorkspace;
  /** Options for `twilio(sid, secret, options)` that send its requests here. */
  clientOptions(): Record<string, unknown>;
  close(): Promise<void>;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, path: string) =>
  send(res, 404, {
    code: 20404,
    message: `The requested resource ${path} was not found`,
    more_info: "https://www.twilio.com/docs/errors/20404",
    status: 404,
  });

const page = (key: string, items: unknown[], url: string) => ({
  [key]: items,
  meta: {
    key,
    page: 0,
    page_size: 50,
    first_page_url: url,
    previous_page_url: null,
    next_page_url: null,
    url,
  },
});

export async function startFakeTaskRouter(workspace: FakeWorkspace): Promise<FakeTaskRouter> {
  const requests: RecordedRequest[] = [];
  const accountSid = `AC${"0".repeat(32)}`;
  const ws = workspace;

  const workflowJson = (w: FakeWorkflow) => ({
    sid: w.sid,
    account_sid: accountSid,
    workspace_sid: ws.sid,
    friendly_name: w.friendlyName,
    configuration: w.configuration,
    assignment_callback_url: null,
    fallback_assignment_callback_url: null,
    task_reservation_timeout: 120,
    document_content_type: "application/json",
  });
  const taskJson = (t: FakeTask) => ({
    sid: t.sid,
    account_sid: accountSid,
    workspace_sid: ws.sid,
    assignment_status: t.assignmentStatus,
    task_queue_sid: t.taskQueueSid,
    attributes: t.attributes,
    reason: t.reason ?? null,
  });
  const reservationJson = (r: { sid: string; taskSid: string; status: string }) => ({
    sid: r.sid,
    task_sid: r.taskSid,
    workspace_sid: ws.sid,
    account_sid: accountSid,
    reservation_status: r.status,
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readText(req);
    const auth = req.headers.authorization;
    const user = auth?.startsWith("Basic ")
      ? (Buffer.from(auth.slice(6), "base64").toString("utf8").split(":")[0] ?? null)
      : null;
    const form = Object.fromEntries(new URLSearchParams(text));
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), form, user });
    const parts = url.pathname.split("/").filter(Boolean);
    // v1 / Workspaces / WS / ...
    if (parts[0] !== "v1" || parts[1] !== "Workspaces" || parts[2] !== ws.sid)
      return notFound(res, url.pathname);
    const [, , , kind, id, sub, subId] = parts;
    if (kind === undefined) {
      if (method === "POST") {
        if ("EventCallbackUrl" in form) ws.eventCallbackUrl = form.EventCallbackUrl || null;
        if ("EventsFilter" in form) ws.eventsFilter = form.EventsFilter || null;
      }
      return send(res, 200, {
        sid: ws.sid,
        account_sid: accountSid,
        friendly_name: ws.friendlyName,
        event_callback_url: ws.eventCallbackUrl,
        events_filter: ws.eventsFilter,
        multi_task_enabled: true,
      });
    }
    if (kind === "TaskQueues" && id !== undefined && sub === undefined) {
      const q = ws.queues.find((x) => x.sid === id);
      return q
        ? send(res, 200, { sid: q.sid, friendly_name: q.friendlyName, workspace_sid: ws.sid })
        : notFound(res, url.pathname);
    }
    if (kind === "Workflows" && id === undefined) {
      return send(res, 200, page("workflows", ws.workflows.map(workflowJson), url.href));
    }
    if (kind === "Workflows" && id !== undefined) {
      const w = ws.workflows.find((x) => x.sid === id);
      if (!w) return notFound(res, url.pathname);
      if (method === "POST" && typeof form.Configuration === "string") {
        try {
          JSON.parse(form.Configuration);
        } catch {
          return send(res, 400, { code: 20001, message: "Invalid workflow configuration", status: 400 });
        }
        w.configuration = form.Configuration;
      }
      return send(res, 200, workflowJson(w));
    }
    if (kind === "Events" && id === undefined) {
      const events = ws.events.filter(
        (e) =>
          (url.searchParams.get("TaskSid") ?? e.taskSid) === e.taskSid &&
          (url.searchParams.get("EventType") ?? e.eventType) === e.eventType,
      );
      return send(
        res,
        200,
        page(
          "events",
          events.map((e) => ({
            sid: e.sid,
            event_type: e.eventType,
            resource_sid: e.taskSid,
            event_data: e.eventData,
          })),
          url.href,
        ),
      );
    }
    if (kind === "Tasks" && id !== undefined) {
      const t = ws.tasks.find((x) => x.sid === id);
      if (!t) return notFound(res, url.pathname);
      if (sub === undefined) {
        if (method === "POST") {
          if (form.AssignmentStatus === "canceled" && !["pending", "reserved"].includes(t.assignmentStatus)) {
            return send(res, 400, {
              code: 20001,
              message: `Cannot cancel a task in ${t.assignmentStatus}`,
              status: 400,
            });
          }
          if (form.AssignmentStatus) t.assignmentStatus = form.AssignmentStatus;
          if (form.Reason) t.reason = form.Reason;
          if (form.AssignmentStatus === "canceled") {
            for (const r of ws.reservations)
              if (r.taskSid === t.sid && r.status === "pending") r.status = "canceled";
          }
        }
        return send(res, 200, taskJson(t));
      }
      if (sub === "Reservations" && subId === undefined) {
        return send(
          res,
          200,
          page(
            "reservations",
            ws.reservations.filter((r) => r.taskSid === t.sid).map(reservationJson),
            url.href,
          ),
        );
      }
      if (sub === "Reservations" && subId !== undefined) {
        const r = ws.reservations.find((x) => x.sid === subId && x.taskSid === t.sid);
        if (!r) return notFound(res, url.pathname);
        if (method === "POST" && form.ReservationStatus) r.status = form.ReservationStatus;
        return send(res, 200, reservationJson(r));
      }
    }
    return notFound(res, url.pathname);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    requests,
    workspace,
    clientOptions() {
      const { RequestClient } = requireFromTokenService("twilio") as {
        RequestClient: new () => { request(opts: { uri: string }): Promise<unknown> };
      };
      const real = new RequestClient();
      return {
        httpClient: {
          request: (opts: { uri: string }) => {
            const target = new URL(opts.uri);
            if (!/(^|\.)twilio\.com$/.test(target.hostname))
              throw new Error(`unexpected host ${target.hostname}`);
            return real.request({ ...opts, uri: `${baseUrl}${target.pathname}${target.search}` });
          },
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
