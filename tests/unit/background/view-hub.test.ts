import { describe, expect, it } from "vitest";
import type { Runtime } from "webextension-polyfill";
import { INITIAL_VIEW } from "../../../src/background/session-view.ts";
import { ViewHub } from "../../../src/background/view-hub.ts";
import type { ViewPush } from "../../../src/protocol/messages.ts";

function fakePort(opts: { throws?: boolean } = {}) {
  const received: ViewPush[] = [];
  const listeners: Array<() => void> = [];
  const port = {
    postMessage(message: ViewPush) {
      if (opts.throws) throw new Error("Attempting to use a disconnected port object");
      received.push(message);
    },
    onDisconnect: { addListener: (fn: () => void) => listeners.push(fn) },
  };
  const disconnect = () => {
    for (const fn of listeners) fn();
  };
  return { port: port as unknown as Runtime.Port, received, disconnect };
}

describe("ViewHub", () => {
  it("pushes the current view to a port at once", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    hub.update({ inHand: "WR1" });
    const p = fakePort();
    hub.attach(p.port);
    expect(p.received).toEqual([{ type: "view", view: { ...INITIAL_VIEW, inHand: "WR1" } }]);
  });

  it("pushes every update to every port, merged into the view", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    const a = fakePort();
    const b = fakePort();
    hub.attach(a.port);
    hub.attach(b.port);
    hub.update({ offlineAfterMiss: true });
    hub.update({ inHand: "WR2" });
    const expected = { ...INITIAL_VIEW, offlineAfterMiss: true, inHand: "WR2" };
    expect(hub.view).toEqual(expected);
    expect(a.received.at(-1)).toEqual({ type: "view", view: expected });
    expect(b.received).toEqual(a.received);
    expect(a.received).toHaveLength(3);
  });

  it("drops a port whose postMessage throws, and a disconnected one", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    const good = fakePort();
    const gone = fakePort();
    hub.attach(good.port);
    hub.attach(gone.port);
    let calls = 0;
    (gone.port as unknown as { postMessage: () => void }).postMessage = () => {
      calls++;
      throw new Error("Attempting to use a disconnected port object");
    };
    hub.update({ inHand: "WR1" });
    hub.update({ inHand: "WR2" });
    expect(calls).toBe(1);
    expect(good.received).toHaveLength(3);

    good.disconnect();
    hub.update({ inHand: null });
    expect(good.received).toHaveLength(3);
  });

  it("a port that throws on attach surfaces the error and is dropped at the next update", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    let calls = 0;
    const bad = {
      postMessage() {
        calls++;
        throw new Error("Attempting to use a disconnected port object");
      },
      onDisconnect: { addListener: () => {} },
    } as unknown as Runtime.Port;
    expect(() => hub.attach(bad)).toThrow(/disconnected port/);
    hub.update({ inHand: "WR1" });
    hub.update({ inHand: "WR2" });
    expect(calls).toBe(2);
  });
});
