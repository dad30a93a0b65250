import type { EmulatorContext } from "./context.ts";
import { touch } from "./context.ts";
import { notFound } from "./errors.ts";
import type { ActivityRecord, WorkerRecord } from "./model.ts";
import { nowSeconds } from "./model.ts";
import { workerPayload } from "./payloads.ts";
import { newSid } from "./sids.ts";

/** "ada.lovelace@chhj.com" → "Ada Lovelace": what an admin would type as the worker's name. */
export function friendlyNameFromEmail(identity: string): string {
  const local = identity.split("@")[0] ?? identity;
  const words = local.split(/[._\-+]+/).filter(Boolean);
  if (words.length === 0) return identity;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

/** Twilio Client identity escaping (what Flex puts in contact_uri): "@" → "_40", "." → "_2E". */
function clientIdentity(identity: string): string {
  return identity.replace(
    /[^A-Za-z0-9]/g,
    (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** The worker for an identity, created on first sight in Unavailable (Twilio's default for new workers). */
export function ensureWorker(
  ctx: EmulatorContext,
  identity: string,
): { worker: WorkerRecord; created: boolean } {
  const existing = ctx.store.workerByIdentity(identity);
  if (existing) return { worker: existing, created: false };
  const now = nowSeconds();
  const friendlyName = friendlyNameFromEmail(identity);
  const worker: WorkerRecord = {
    sid: newSid("WK"),
    identity,
    friendlyName,
    activitySid: ctx.store.activityByName("Unavailable").sid,
    attributes: JSON.stringify({
      email: identity,
      full_name: friendlyName,
      contact_uri: `client:${clientIdentity(identity)}`,
      routing: { skills: [], levels: {} },
    }),
    channelSids: { default: newSid("WC"), voice: newSid("WC") },
    dateCreated: now,
    dateUpdated: now,
    dateStatusChanged: now,
    version: 0,
  };
  ctx.store.workers.set(worker.sid, worker);
  ctx.log(`worker ${identity} created (${worker.sid}), Unavailable`);
  return { worker, created: true };
}

export function requireWorkerByIdentity(ctx: EmulatorContext, identity: string): WorkerRecord {
  const worker = ctx.store.workerByIdentity(identity);
  if (!worker) throw notFound(`no worker with identity ${identity}`);
  return worker;
}

export function requireWorker(ctx: EmulatorContext, workerSid: string): WorkerRecord {
  const worker = ctx.store.workers.get(workerSid);
  if (!worker) throw notFound(`no worker ${workerSid}`);
  return worker;
}

/**
 * Changes the activity and pushes `worker.activity.update` (the full worker) to every socket of
 * the worker: that frame, not the REST reply, is how every session (Flex and the extension)
 * learns the new activity.
 */
export function setWorkerActivity(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  activity: ActivityRecord,
  why?: string,
): void {
  worker.activitySid = activity.sid;
  worker.dateStatusChanged = nowSeconds();
  touch(worker);
  const sockets = ctx.hub.push(worker.sid, "worker.activity.update", workerPayload(ctx.store, worker));
  ctx.log(`worker ${worker.identity} → ${activity.name}${why ? ` (${why})` : ""} [${sockets} socket(s)]`);
}

export function setWorkerAttributes(ctx: EmulatorContext, worker: WorkerRecord, attributes: string): void {
  worker.attributes = attributes;
  touch(worker);
  ctx.hub.push(worker.sid, "worker.attributes.update", workerPayload(ctx.store, worker));
  ctx.log(`worker ${worker.identity} attributes updated`);
}

/**
 * setWorkerOfflineIfDisconnected is applied only when the worker's LAST socket closes, and only if
 * that session did not opt out with `false`: the extension's service worker being stopped by
 * Chrome must not take the agent Offline while Flex is still connected.
 */
export function handleLastSocketClosed(
  ctx: EmulatorContext,
  workerSid: string,
  offlineIfDisconnected: boolean,
): void {
  const worker = ctx.store.workers.get(workerSid);
  if (!worker) return;
  if (offlineIfDisconnected) {
    setWorkerActivity(ctx, worker, ctx.store.activityByName("Offline"), "last socket closed");
  } else {
    ctx.log(
      `worker ${worker.identity}: last socket closed, activity kept (setWorkerOfflineIfDisconnected=false)`,
    );
  }
}
