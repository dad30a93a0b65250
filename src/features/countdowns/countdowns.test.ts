// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { client, inHandView, reservation, view } from "../../../tests/unit/fake-view.ts";
import { mountFlex, settle, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";
import { dialCountdownText } from "../../domain/countdown.ts";

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

describe("the accept countdown", () => {
  const pending = reservation({ client: client("Grace Hopper"), acceptDeadlineMs: 1_010_000 });

  it("shows the seconds left on the pending card, under its text and clear of the Accept button", () => {
    mountFlex({ cards: [{ title: "Grace Hopper", pending: true }], incoming: { title: "Grace Hopper" } });
    started = start(1_000_000);
    started.overlays.setView(view({ reservations: [pending] }));
    const all = document.querySelectorAll('[data-testid="hb-accept-countdown"]');
    expect(all).toHaveLength(2); // the card and the incoming-task canvas
    const onCard = testId("hb-accept-countdown");
    expect(onCard?.textContent).toBe("10 s");
    expect(onCard?.closest(".Twilio-TaskListBaseItem-Content")).not.toBeNull();
    expect(onCard?.closest(".Twilio-TaskListBaseItem-Actions")).toBeNull();
    // The value is a timer (not read out as it ticks); the phase is said once, politely.
    expect(onCard?.getAttribute("role")).toBe("timer");
    const phase = onCard?.parentElement?.querySelector('[role="status"]');
    expect(phase?.getAttribute("aria-live")).toBe("polite");
    expect(phase?.textContent).toBe("Accept in 10 s");
  });

  it("announces a phase once, not every second", () => {
    mountFlex({ cards: [{ title: "Grace Hopper", pending: true }] });
    started = start(1_000_000);
    started.overlays.setView(view({ reservations: [pending] }));
    const phase = () =>
      testId("hb-accept-countdown")?.parentElement?.querySelector('[role="status"]')?.textContent;
    expect(phase()).toBe("Accept in 10 s");
    started.clock.now = 1_004_000;
    started.ticker()?.();
    expect(testId("hb-accept-countdown")?.textContent).toBe("6 s");
    expect(phase()).toBe("Accept in 10 s");
  });

  it("counts down from the reservation's own deadline on the ticker, then stops ticking", () => {
    mountFlex({ cards: [{ title: "Grace Hopper", pending: true }] });
    started = start(1_001_500);
    started.overlays.setView(view({ reservations: [pending] }));
    expect(testId("hb-accept-countdown")?.textContent).toBe("9 s");
    started.clock.now = 1_004_000;
    started.ticker()?.();
    expect(testId("hb-accept-countdown")?.textContent).toBe("6 s");
    started.clock.now = 1_011_000;
    started.ticker()?.();
    expect(testId("hb-accept-countdown")?.textContent).toBe("0 s");
    expect(started.ticker()).toBeNull();
  });

  it("is gone the moment the reservation is no longer pending", () => {
    const flex = mountFlex({ cards: [{ title: "Grace Hopper", pending: true }] });
    started = start();
    started.overlays.setView(view({ reservations: [pending] }));
    expect(testId("hb-accept-countdown")).not.toBeNull();
    for (const phase of ["review", "timeout", "rescinded", "canceled"] as const) {
      started.overlays.setView(view({ reservations: [{ ...pending, phase }] }));
      expect(testId("hb-accept-countdown")).toBeNull();
      started.overlays.setView(view({ reservations: [pending] }));
    }
    started.overlays.setView(view({ reservations: [] }));
    expect(testId("hb-accept-countdown")).toBeNull();
    // Nothing left but the status chip in the header.
    expect(flex.root.querySelector(`[data-hb-overlay]:not([data-hb-overlay="status-chip"])`)).toBeNull();
  });

  it("comes back after Flex replaces the card, once per card", async () => {
    const flex = mountFlex({ cards: [{ title: "Grace Hopper", pending: true }] });
    started = start();
    started.overlays.setView(view({ reservations: [pending] }));
    const before = testId("hb-accept-countdown");
    flex.render({ cards: [{ title: "Grace Hopper", pending: true }] });
    await settle();
    const after = document.querySelectorAll('[data-testid="hb-accept-countdown"]');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(after[0]?.textContent).toBe("10 s");
  });

  it("puts each countdown on its own card when several are pending", () => {
    const alan = reservation({ client: client("Alan Turing"), acceptDeadlineMs: 1_004_000 });
    mountFlex({
      cards: [
        { title: "Alan Turing", pending: true },
        { title: "Grace Hopper", pending: true },
      ],
    });
    started = start();
    started.overlays.setView(view({ reservations: [pending, alan] }));
    const texts = [...document.querySelectorAll(".Twilio-TaskListBaseItem")].map(
      (card) => card.querySelector('[data-testid="hb-accept-countdown"]')?.textContent,
    );
    expect(texts).toEqual(["4 s", "10 s"]);
  });
});

describe("the dial countdown", () => {
  const dialAtMs = 1_020_000;

  it("shows the same text as dialCountdownText on the call canvas, then Dialing…", () => {
    mountFlex({ call: { title: "Grace Hopper" } });
    started = start(1_005_000);
    started.overlays.setView(inHandView({ dialAtMs }));
    const node = testId("hb-dial-countdown");
    expect(node?.closest(".Twilio-CallCanvas")).not.toBeNull();
    for (const now of [1_005_000, 1_010_001, 1_019_999, 1_020_000, 1_030_000]) {
      started.clock.now = now;
      started.ticker()?.();
      expect(testId("hb-dial-countdown")?.textContent).toBe(dialCountdownText(dialAtMs, now));
    }
    expect(testId("hb-dial-countdown")?.textContent).toBe("Dialing…");
    expect(started.ticker()).toBeNull();
  });

  it("is gone in wrap-up, and with no live call canvas", () => {
    const flex = mountFlex({ call: { title: "Grace Hopper" } });
    started = start(1_005_000);
    started.overlays.setView(inHandView({ dialAtMs }));
    expect(testId("hb-dial-countdown")).not.toBeNull();
    started.overlays.setView(inHandView({ dialAtMs, phase: "wrapup" }));
    expect(testId("hb-dial-countdown")).toBeNull();
    started.overlays.setView(inHandView({ dialAtMs }));
    flex.render({});
    started.overlays.apply();
    expect(testId("hb-dial-countdown")).toBeNull();
  });
});

describe("applying", () => {
  it("is idempotent and settles: a second apply changes nothing, our own writes don't re-trigger", async () => {
    const flex = mountFlex({
      cards: [{ title: "Grace Hopper", pending: true }],
      call: { title: "Alan Turing", directory: true, menu: true },
      dialer: true,
    });
    started = start(1_005_000);
    const r = reservation({ phase: "review", dialAtMs: 1_020_000 });
    started.overlays.setView(
      view({ reservations: [reservation(), r], inHand: r.sid, offlineAfterMiss: true }),
    );
    await settle();
    const snapshot = document.body.outerHTML;
    const applies = started.overlays.applies;
    started.overlays.apply();
    started.overlays.apply();
    await settle();
    expect(document.body.outerHTML).toBe(snapshot);
    expect(started.overlays.applies).toBe(applies + 2);
    // One Flex re-render: one observer pass (plus nothing caused by our own writes).
    flex.render({
      cards: [{ title: "Grace Hopper", pending: true }],
      call: { title: "Alan Turing", directory: true, menu: true },
      dialer: true,
    });
    await settle();
    expect(started.overlays.applies).toBe(applies + 3);
    expect(document.body.outerHTML).toBe(snapshot);
  });
});
