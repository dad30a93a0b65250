// @vitest-environment happy-dom
// The whole popup against a fake service worker: a port that pushes views, as the real one does.
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentView } from "../../../src/protocol/messages.ts";
import { fakeReservation, fakeView } from "./fake-view.ts";
import { byTestId, click, mount } from "./render.ts";

type Listener = (message: unknown) => void;

const fake = vi.hoisted(() => {
  const ports: Array<{
    name: string;
    messages: Array<(m: unknown) => void>;
    disconnects: Array<() => void>;
    disconnect: () => void;
  }> = [];
  return {
    ports,
    sendMessage: vi.fn(),
    connect: ({ name }: { name: string }) => {
      const port = {
        name,
        messages: [] as Array<(m: unknown) => void>,
        disconnects: [] as Array<() => void>,
        onMessage: { addListener: (l: (m: unknown) => void) => port.messages.push(l) },
        onDisconnect: { addListener: (l: () => void) => port.disconnects.push(l) },
        disconnect: () => {},
      };
      ports.push(port);
      return port;
    },
  };
});

vi.mock("webextension-polyfill", () => ({
  default: { runtime: { connect: fake.connect, sendMessage: fake.sendMessage } },
}));

const { App } = await import("../../../popup/App.tsx");

function push(view: AgentView, port = fake.ports.at(-1)) {
  act(() => {
    for (const listener of port?.messages ?? []) (listener as Listener)({ type: "view", view });
  });
}

beforeEach(() => {
  fake.ports.length = 0;
  fake.sendMessage.mockReset();
});
afterEach(() => vi.useRealTimers());

describe("the popup", () => {
  it("renders the service worker's last view as soon as it arrives, then follows it", () => {
    const root = mount(<App />);
    expect(root.textContent).toContain("Loading…");
    push(fakeView());
    expect(byTestId(root, "hb-connection").textContent).toBe("Connected");
    expect(byTestId(root, "hb-activity").textContent).toBe("Unavailable");
    push(fakeView({ activity: { sid: `WA${"0".repeat(31)}3`, name: "Break", available: false } }));
    expect(byTestId(root, "hb-activity").textContent).toBe("Break");
  });

  it("ignores a malformed push and says why", () => {
    const root = mount(<App />);
    push(fakeView());
    act(() => {
      for (const listener of fake.ports[0]?.messages ?? []) listener({ type: "view", view: { bogus: 1 } });
    });
    expect(byTestId(root, "hb-connection").textContent).toBe("Connected");
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/invalid message/);
  });

  it("reconnects when Chrome stops the service worker, keeping the last view meanwhile", () => {
    vi.useFakeTimers();
    const root = mount(<App />);
    push(fakeView());
    act(() => {
      for (const listener of fake.ports[0]?.disconnects ?? []) listener();
    });
    expect(byTestId(root, "hb-connection").textContent).toBe("Connected");
    act(() => void vi.advanceTimersByTime(600));
    expect(fake.ports).toHaveLength(2);
    push(fakeView({ connection: { status: "reconnecting", detail: null, identity: null, retryAtMs: null } }));
    expect(byTestId(root, "hb-connection").textContent).toBe("Reconnecting…");
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it("ticks the accept countdown while the popup is open", () => {
    vi.useFakeTimers({ now: 1_000 });
    const root = mount(<App />);
    push(fakeView({ reservations: [fakeReservation(1, { acceptDeadlineMs: 11_000 })] }));
    expect(byTestId(root, "hb-accept-countdown").textContent).toBe("10 s");
    act(() => void vi.advanceTimersByTime(3_000));
    expect(byTestId(root, "hb-accept-countdown").textContent).toBe("7 s");
    act(() => void vi.advanceTimersByTime(10_000));
    expect(byTestId(root, "hb-accept-countdown").textContent).toBe("0 s");
  });

  it("asks the service worker to go Available and shows a refusal", async () => {
    fake.sendMessage.mockResolvedValue({ ok: false, error: "not connected to TaskRouter (reconnecting)" });
    const root = mount(<App />);
    push(fakeView());
    click(byTestId(root, "hb-set-available"));
    expect(fake.sendMessage).toHaveBeenCalledWith({ type: "set-available" });
    await act(async () => {
      // The reply's promise chain: sendMessage, its validation, the popup's handler.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    });
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      "not connected to TaskRouter (reconnecting)",
    );
  });

  it("shows a malformed reply as an error and never uses it", async () => {
    fake.sendMessage.mockResolvedValue({ ok: true, view: { connection: "yes" } });
    const root = mount(<App />);
    push(fakeView());
    click(byTestId(root, "hb-set-available"));
    await act(async () => {
      // The reply's promise chain: sendMessage, its validation, the popup's handler.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    });
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(
      /^the extension's reply is malformed: invalid message at view\.connection: /,
    );
    expect(byTestId(root, "hb-connection").textContent).toBe("Connected");
  });

  it("retries the token service from the connection panel", () => {
    fake.sendMessage.mockResolvedValue({ ok: true, view: fakeView() });
    const root = mount(<App />);
    push(
      fakeView({
        connection: { status: "token-service-down", detail: "HTTP 503", identity: null, retryAtMs: null },
      }),
    );
    click(root.querySelector('button[data-fix="retry"]') as HTMLButtonElement);
    expect(fake.sendMessage).toHaveBeenCalledWith({ type: "retry-connection" });
  });
});

describe("the popup's clock", () => {
  it("reads the time when a view arrives after a quiet spell, not when the popup opened", () => {
    vi.useFakeTimers({ now: 1_000 });
    const root = mount(<App />);
    push(fakeView());
    // Nothing ticks while no countdown runs; a minute passes.
    act(() => void vi.advanceTimersByTime(60_000));
    vi.setSystemTime(200_000);
    push(fakeView({ reservations: [fakeReservation(1, { acceptDeadlineMs: 210_000 })] }));
    expect(byTestId(root, "hb-accept-countdown").textContent).toBe("10 s");
  });
});
