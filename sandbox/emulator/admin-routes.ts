import type { IncomingMessage, ServerResponse } from "node:http";
import type { CreateTaskInput, EmulatorAdmin, InjectableTokenFailure } from "./admin-types.ts";
import { badRequest, EmulatorError, notFound } from "./errors.ts";
import { parseJsonObject, readBody, sendError, sendJson } from "./http-io.ts";
import type { ActivityName, AdminTaskKind } from "./model.ts";
import { ACTIVITY_NAMES } from "./model.ts";
import type { FlexTokenFormat } from "./tokens.ts";

/**
 * The /admin HTTP API (JSON in and out), for tests, the sandbox and QA. Each route checks the
 * shape of its input (400 `{error}` with the reason), then calls the in-process admin, whose
 * refusals come back as 404 (unknown worker or reservation) or 409 (wrong state).
 */

export const ADMIN_PREFIX = "/admin";
const BODY_LIMIT_BYTES = 256 * 1024;
const INJECTABLE_STATUSES: readonly InjectableTokenFailure[] = [401, 500, 503];

type Body = Record<string, unknown>;

function identityField(value: unknown, where = "identity"): string {
  if (typeof value !== "string" || value.trim() === "")
    throw badRequest(`${where} must be a non-empty string`);
  if (value.length > 254 || /\s/.test(value))
    throw badRequest(`${where} must be an email-like identity without spaces`);
  return value;
}

function activityField(value: unknown): ActivityName {
  if (typeof value !== "string" || !(ACTIVITY_NAMES as readonly string[]).includes(value)) {
    throw badRequest(`activity must be one of ${ACTIVITY_NAMES.join(", ")}`);
  }
  return value as ActivityName;
}

function formatField(value: unknown): FlexTokenFormat | undefined {
  if (value === undefined || value === "jwe" || value === "jwt") return value;
  throw badRequest('format must be "jwe" (Twilio\'s five-part token, the default) or "jwt" (three parts)');
}

function optionalNumber(
  body: Body,
  name: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw badRequest(`${name} must be a${integer ? "n integer" : " number"}`);
  }
  if (value < min || value > max || (min === 0 && value === 0)) {
    throw badRequest(`${name} must be between ${min} and ${max}${min === 0 ? " (exclusive of 0)" : ""}`);
  }
  return value;
}

function createTaskInput(body: Body): CreateTaskInput {
  const { kind, attributes, rawAttributes } = body;
  if (kind !== "weblead" && kind !== "inbound") throw badRequest('kind must be "weblead" or "inbound"');
  if (
    attributes !== undefined &&
    (typeof attributes !== "object" || attributes === null || Array.isArray(attributes))
  ) {
    throw badRequest("attributes must be a JSON object");
  }
  if (rawAttributes !== undefined && typeof rawAttributes !== "string")
    throw badRequest("rawAttributes must be a string");
  const timeoutSeconds = optionalNumber(body, "timeoutSeconds", 0, 86400);
  return {
    identity: identityField(body.identity),
    kind: kind as AdminTaskKind,
    ...(attributes === undefined ? {} : { attributes: attributes as Record<string, unknown> }),
    ...(rawAttributes === undefined ? {} : { rawAttributes }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`malformed URL segment ${segment}`);
  }
}

/** Returns the reply body; throws EmulatorError for refusals. */
async function route(admin: EmulatorAdmin, method: string, path: string[], readJson: () => Promise<Body>) {
  const [head, id, action, extra] = path;
  const post = method === "POST";
  if (extra !== undefined) throw notFound(`no admin route /${path.join("/")}`);

  if (head === "state" && id === undefined && method === "GET") return admin.getState();
  if (!post)
    throw new EmulatorError(405, `use POST for /admin/${path.join("/")} (GET only for /admin/state)`);

  if (head === "flex-token" && id === undefined) {
    const body = await readJson();
    const ttlSeconds = optionalNumber(body, "ttlSeconds", -86400, 86400 * 30, true);
    return {
      flexToken: await admin.issueFlexToken(
        identityField(body.identity),
        ttlSeconds,
        formatField(body.format),
      ),
    };
  }
  if (head === "workers" && id === undefined) {
    const body = await readJson();
    const activity = body.activity === undefined ? undefined : activityField(body.activity);
    return admin.ensureWorker(identityField(body.identity), activity);
  }
  if (head === "workers" && id !== undefined && action === "activity") {
    const body = await readJson();
    return admin.setActivity(
      identityField(decodeSegment(id), "identity in the path"),
      activityField(body.activity),
    );
  }
  if (head === "workers" && id !== undefined && action === "drop-sockets") {
    return { dropped: admin.dropSockets(identityField(decodeSegment(id), "identity in the path")) };
  }
  if (head === "tasks" && id === undefined) return admin.createTask(createTaskInput(await readJson()));
  if (head === "reservations" && id !== undefined) {
    const sid = decodeSegment(id);
    if (action === "accept") return admin.acceptReservation(sid);
    if (action === "cancel") return admin.cancelReservation(sid);
    if (action === "rescind") return admin.rescindReservation(sid);
    if (action === "timeout") return admin.timeoutReservation(sid);
  }
  if (head === "heartbeats" && id === undefined) {
    const { enabled } = await readJson();
    if (typeof enabled !== "boolean") throw badRequest("enabled must be true or false");
    admin.setHeartbeats(enabled);
    return { heartbeatsEnabled: enabled };
  }
  if (head === "transfer-guard" && id === undefined) {
    const { enabled } = await readJson();
    if (typeof enabled !== "boolean") throw badRequest("enabled must be true or false");
    admin.setTransferGuard(enabled);
    return { transferGuard: { enabled } };
  }
  if (head === "token-service" && id === "fail-next" && action === undefined) {
    const body = await readJson();
    if (!INJECTABLE_STATUSES.includes(body.status as InjectableTokenFailure)) {
      throw badRequest(`status must be one of ${INJECTABLE_STATUSES.join(", ")}`);
    }
    const count = optionalNumber(body, "count", 1, 1000, true) ?? 1;
    const retryAfterSeconds = optionalNumber(body, "retryAfterSeconds", 1, 86400, true) ?? null;
    admin.failNextTokenRequests(body.status as InjectableTokenFailure, count, retryAfterSeconds);
    return { status: body.status, count, retryAfterSeconds };
  }
  if (head === "reset" && id === undefined) {
    admin.reset();
    return { ok: true };
  }
  throw notFound(`no admin route ${method} /admin/${path.join("/")}`);
}

export async function handleAdminRequest(
  req: IncomingMessage,
  res: ServerResponse,
  admin: EmulatorAdmin,
  log: (line: string) => void,
): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.slice(ADMIN_PREFIX.length).split("/").filter(Boolean);
    const readJson = async () => parseJsonObject(await readBody(req, BODY_LIMIT_BYTES), true);
    sendJson(res, 200, await route(admin, req.method ?? "GET", path, readJson));
  } catch (err) {
    sendError(res, err, "error", log);
  }
}
