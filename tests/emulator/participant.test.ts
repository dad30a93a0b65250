// reservation.updateParticipant through the real twilio-taskrouter SDK: the route real Flex 2.17.1's
// COLD TransferTask takes when it has not loaded the call's conference yet (participant-ops.ts).
import type { Reservation } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import { nextEvent, offerTo, postJson, SdkSessions, startTestEmulator, workerTokenFor } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";
const GRACE = "grace.hopper@chhj.com";

describe("emulator: the worker's conference participant", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;

  const offered = (who: SdkWorker, identity: string): Promise<Reservation> =>
    offerTo(emulator, who, { identity, kind: "inbound" });
  const accepted = async (): Promise<Reservation> => {
    const reservation = await offered(worker, ADA);
    const done = nextEvent(reservation, "accepted");
    await reservation.accept();
    await done;
    return reservation;
  };

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sdk = new SdkSessions(emulator);
    worker = await sdk.connect(ADA);
  });

  afterEach(async () => {
    sdk.cleanup();
    await emulator.close();
  });

  it("records endConferenceOnExit on an accepted call, as Flex's COLD transfer asks before transferring", async () => {
    const reservation = await accepted();
    await expect(reservation.updateParticipant({ endConferenceOnExit: false })).resolves.toBe(reservation);
    expect(emulator.admin.getState().participantUpdates).toEqual([
      expect.objectContaining({
        reservationSid: reservation.sid,
        taskSid: reservation.task.sid,
        workerSid: worker.sid,
        changes: { endConferenceOnExit: false },
      }),
    ]);
    // Then the transfer itself goes through as usual.
    await reservation.task.transfer(emulator.customerServiceQueueSid, { mode: "COLD" });
    expect(emulator.admin.getState().transfers).toEqual([expect.objectContaining({ mode: "COLD" })]);
    expect(sdk.errors).toEqual([]);
  });

  it("takes mute and beepOnExit too, all in one update", async () => {
    const reservation = await accepted();
    await reservation.updateParticipant({ mute: true, beepOnExit: false, endConferenceOnExit: true });
    expect(emulator.admin.getState().participantUpdates.at(-1)?.changes).toEqual({
      mute: true,
      beepOnExit: false,
      endConferenceOnExit: true,
    });
  });

  it("refuses a reservation with no call up (pending, or wrapping), and records nothing", async () => {
    const pending = await offered(worker, ADA);
    await expect(pending.updateParticipant({ endConferenceOnExit: false })).rejects.toThrow(
      /status code 400.*pending: the worker has no conference leg/,
    );
    const acceptedOne = nextEvent(pending, "accepted");
    await pending.accept();
    await acceptedOne;
    const wrapup = nextEvent(pending, "wrapup");
    await pending.wrap();
    await wrapup;
    await expect(pending.updateParticipant({ endConferenceOnExit: false })).rejects.toThrow(/wrapping/);
    expect(emulator.admin.getState().participantUpdates).toEqual([]);
  });

  it("refuses another worker's reservation (403) and options the SDK never sends (400)", async () => {
    const grace = await sdk.connect(GRACE);
    const theirs = await offered(grace, GRACE);
    const done = nextEvent(theirs, "accepted");
    await theirs.accept();
    await done;
    // Ada's token, Grace's reservation: the proxy call as the SDK makes it (rest-proxy.test.ts).
    const call = async (params: Record<string, unknown>) =>
      postJson(
        emulator.ebServer,
        JSON.stringify({
          url: `Workspaces/${emulator.workspaceSid}/Workers/${worker.sid}/WorkerParticipant`,
          method: "POST",
          params,
          token: await workerTokenFor(emulator, ADA),
        }),
        { headers: { "Content-Type": "application/x-www-form-urlencoded", apiVersion: "v2" } },
      );
    const foreign = await call({ ReservationSid: theirs.sid, EndConferenceOnExit: false });
    expect(foreign.status).toBe(403);
    const mine = await accepted();
    const unknown = await call({ ReservationSid: mine.sid, Hold: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      message: expect.stringMatching(/Hold is not a WorkerParticipant option/),
    });
    const none = await call({ ReservationSid: mine.sid });
    expect(none.status).toBe(400);
    expect(emulator.admin.getState().participantUpdates).toEqual([]);
  });
});
