import { describe, expect, it } from "vitest";
import { oneAtATime } from "../../../src/background/one-at-a-time.ts";

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("oneAtATime: configuration changes applied one after another", () => {
  it("starts a job only when the one before has finished, in the order asked", async () => {
    const log: string[] = [];
    const first = deferred();
    const second = deferred();
    const inTurn = oneAtATime(Promise.resolve(), () => {});
    const a = inTurn(async () => {
      log.push("first starts");
      await first.promise;
      log.push("first ends");
    });
    const b = inTurn(async () => {
      log.push("second starts");
      await second.promise;
      log.push("second ends");
    });
    await settle();
    // Two changes in quick succession: the second must wait (run side by side, it would start now).
    expect(log).toEqual(["first starts"]);
    first.resolve();
    await settle();
    expect(log).toEqual(["first starts", "first ends", "second starts"]);
    second.resolve();
    await Promise.all([a, b]);
    expect(log).toEqual(["first starts", "first ends", "second starts", "second ends"]);
  });

  it("waits for the start-up, and a failed job reports its error without stopping the next", async () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const startUp = deferred();
    const inTurn = oneAtATime(startUp.promise, (error) => errors.push(error));
    const a = inTurn(async () => {
      log.push("first");
      throw new Error("policy unreadable");
    });
    const b = inTurn(async () => void log.push("second"));
    await settle();
    expect(log).toEqual([]);
    startUp.reject(new Error("start-up failed")); // a failed start-up doesn't block changes either
    await Promise.all([a, b]);
    expect(log).toEqual(["first", "second"]);
    expect(errors).toEqual([new Error("policy unreadable")]);
  });
});
