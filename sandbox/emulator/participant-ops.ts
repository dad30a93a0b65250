import type { EmulatorContext } from "./context.ts";
import { badRequest, conflict, forbidden } from "./errors.ts";
import type { ParticipantUpdateRecord, ReservationRecord, WorkerRecord } from "./model.ts";
import { requireReservation } from "./reservation-ops.ts";

/**
 * The worker's leg in the call's conference, as twilio-taskrouter 2.1.1's
 * `reservation.updateParticipant({endConferenceOnExit?, mute?, beepOnExit?})` changes it
 * (`key:"updateParticipant"`, route `workerParticipantInstance`): `POST Workspaces/{WS}/Workers/{WK}/
 * WorkerParticipant` (API v2) with `{ReservationSid, EndConferenceOnExit?, Mute?, BeepOnExit?}`, each
 * option a boolean the SDK checks before sending; it reads nothing from the reply.
 *
 * Flex 2.17.1 calls it on AcceptTask (`endConferenceOnExit: true`), and from TransferTask (COLD): it
 * first lets the agent leave without ending the customer's call, through its Interactions (CBM)
 * client when its store already has the agent's conference participant, else through this route (the bundle's `TaskRouterTask.transfer`:
 * `participantSid ? setEndConferenceOnExit(...) : reservation.updateParticipant(...)`). A transfer
 * started right after the accept, before Flex has loaded the conference, takes this route.
 *
 * The emulator has no conference (docs/taskrouter-wire.md): it checks what Twilio needs for the
 * worker to have a leg at all (the worker's own reservation, accepted: the call is up), records the
 * change for tests (admin state `participantUpdates`) and changes nothing else. A reservation that is
 * pending, wrapping or over has no leg to change: 400, as the proxy renders every wrong-state answer.
 */

const OPTIONS = {
  EndConferenceOnExit: "endConferenceOnExit",
  Mute: "mute",
  BeepOnExit: "beepOnExit",
} as const;

export interface ParticipantUpdateRequest {
  reservationSid: string;
  /** The raw params after ReservationSid: only the SDK's three boolean options are accepted. */
  options: Record<string, unknown>;
}

function readOptions(options: Record<string, unknown>): ParticipantUpdateRecord["changes"] {
  const changes: ParticipantUpdateRecord["changes"] = {};
  for (const [name, value] of Object.entries(options)) {
    const key = OPTIONS[name as keyof typeof OPTIONS];
    if (!key) {
      throw badRequest(`${name} is not a WorkerParticipant option (${Object.keys(OPTIONS).join(", ")})`);
    }
    if (value === true || value === "true") changes[key] = true;
    else if (value === false || value === "false") changes[key] = false;
    else throw badRequest(`${name} must be true or false`);
  }
  if (Object.keys(changes).length === 0) {
    throw badRequest(`one of ${Object.keys(OPTIONS).join(", ")} is required`);
  }
  return changes;
}

export function updateWorkerParticipant(
  ctx: EmulatorContext,
  worker: WorkerRecord,
  req: ParticipantUpdateRequest,
): ReservationRecord {
  // Everything is checked before anything is recorded: a refused call leaves no trace.
  const changes = readOptions(req.options);
  const reservation = requireReservation(ctx, req.reservationSid);
  if (reservation.workerSid !== worker.sid)
    throw forbidden(`reservation ${reservation.sid} is not ${worker.identity}'s`);
  if (reservation.status !== "accepted") {
    throw conflict(
      `reservation ${reservation.sid} is ${reservation.status}: the worker has no conference leg to update`,
    );
  }
  ctx.store.participantUpdates.push({
    reservationSid: reservation.sid,
    taskSid: reservation.taskSid,
    workerSid: worker.sid,
    changes,
    at: Date.now(),
  });
  ctx.log(`worker participant of ${reservation.sid} updated: ${JSON.stringify(changes)}`);
  return reservation;
}
