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
    hub.attach(p.port, "extension");
    expect(p.received).toEqual([{ type: "view", view: { ...INITIAL_VIEW, inHand: "WR1" } }]);
  });

  it("pushes every update to every port, merged into the view", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    const a = fakePort();
    const b = fakePort();
    hub.attach(a.port, "extension");
    hub.attach(b.port, "extension");
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
    hub.attach(good.port, "extension");
    hub.attach(gone.port, "extension");
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
    expect(() => hub.attach(bad, "page")).toThrow(/disconnected port/);
    hub.update({ inHand: "WR1" });
    hub.update({ inHand: "WR2" });
    expect(calls).toBe(2);
  });

  it("gives a page's content script the view without the agent's history and day timings", () => {
    const hub = new ViewHub(INITIAL_VIEW);
    const page = fakePort();
    const popup = fakePort();
    hub.attach(page.port, "page");
    hub.attach(popup.port, "extension");
    const history = [
      {
        reservationSid: "WR1",
        taskSid: "WT1",
        origin: "weblead" as const,
        name: "Ada",
        outcome: "completed" as const,
        timeToAcceptMs: 1,
        atMs: 2,
      },
    ];
    const today = {
      ...INITIAL_VIEW.today,
      tasks: [{ reservationSid: "WR1" }],
    } as unknown as typeof INITIAL_VIEW.today;
    hub.update({ history, today, inHand: "WR9" });
    expect(page.received.at(-1)?.view).toMatchObject({ inHand: "WR9", history: [], today: { tasks: [] } });
    expect(popup.received.at(-1)?.view).toMatchObject({ inHand: "WR9", history, today });
    expect(hub.view.history).toBe(history);
  });
});
