// Reservation instructions through the real twilio-taskrouter SDK: conference, dequeue, call and
// redirect accept an offer (as Twilio's do), and the emulator keeps where each sends the call, from
// the parameter the SDK sends for it (2.1.1's RESERVATION_*_OPTIONS: `To`, `DequeueTo`, `CallTo`;
// `RedirectUrl`), so that a test can show no call went elsewhere.
import type { Reservation } from "twilio-taskrouter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SdkWorker, TestEmulator } from "./harness.ts";
import { nextEvent, offerTo, SdkSessions, startTestEmulator } from "./harness.ts";

const ADA = "ada.lovelace@chhj.com";
const ELSEWHERE = "+16175550199";
const CALLER_ID = "+18553409128";

describe("emulator: reservation instructions", () => {
  let emulator: TestEmulator;
  let sdk: SdkSessions;
  let worker: SdkWorker;

  const offered = (): Promise<Reservation> => offerTo(emulator, worker, { identity: ADA, kind: "weblead" });

  beforeEach(async () => {
    emulator = await startTestEmulator();
    sdk = new SdkSessions(emulator);
    worker = await sdk.connect(ADA);
  });

  afterEach(async () => {
    sdk.cleanup();
    await emulator.close();
  });

  it("keeps where each instruction sends the call, and null for the worker's own line", async () => {
    const sent: Reservation[] = [];
    for (const send of [
      (r: Reservation) => r.dequeue({ to: ELSEWHERE }),
      (r: Reservation) => r.dequeue(),
      (r: Reservation) => r.call(CALLER_ID, "https://example.com/twiml", { to: ELSEWHERE }),
      (r: Reservation) => r.conference({ to: ELSEWHERE }),
      (r: Reservation) =>
        r.redirect(`CA${"1".repeat(32)}`, "https://example.com/elsewhere", { accept: true }),
    ]) {
      const reservation = await offered();
      sent.push(reservation);
      const accepted = nextEvent(reservation, "accepted");
      await send(reservation);
      await accepted;
      // One call at a time: this one ends before the next offer.
      await reservation.wrap();
      await reservation.complete();
    }
    expect(emulator.admin.getState().instructions).toEqual([
      { reservationSid: sent[0]?.sid, instruction: "dequeue", to: ELSEWHERE },
      { reservationSid: sent[1]?.sid, instruction: "dequeue", to: null },
      { reservationSid: sent[2]?.sid, instruction: "call", to: ELSEWHERE },
      { reservationSid: sent[3]?.sid, instruction: "conference", to: ELSEWHERE },
      { reservationSid: sent[4]?.sid, instruction: "redirect", to: "https://example.com/elsewhere" },
    ]);
    expect(sdk.errors).toEqual([]);
  });
});
