// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { reservation } from "../../../tests/unit/fake-view.ts";
import { renderCard } from "./hunkware-card.ts";

const noDrafts = { restore: () => {}, dismiss: () => {} } as never;
const model = (patch = {}) => ({
  reservation: reservation({ phase: "review", acceptedAtMs: 1_000_000, dialAtMs: 1_015_000, ...patch }),
  waiting: null,
  keptDrafts: [],
});

afterEach(() => document.body.replaceChildren());

describe("the Hunkware card's dial countdown for screen readers", () => {
  const countdown = () => document.querySelector('[data-testid="hb-dial-countdown"]');
  const phase = () => countdown()?.parentElement?.querySelector('[role="status"]')?.textContent;

  it("is a timer, and says the phase once: when it starts, then Dialing…", () => {
    renderCard(document, model(), 1_000_000, noDrafts);
    expect(countdown()?.getAttribute("role")).toBe("timer");
    expect(countdown()?.hasAttribute("aria-live")).toBe(false);
    expect(phase()).toBe(`The client is dialed in ${countdown()?.textContent}`);
    const first = phase();
    renderCard(document, model(), 1_005_000, noDrafts);
    expect(phase()).toBe(first);
    renderCard(document, model({ phase: "dialing" }), 1_016_000, noDrafts);
    expect(countdown()?.textContent).toBe("Dialing…");
    expect(phase()).toBe("Dialing…");
  });
});

describe("the Hunkware card of a callback", () => {
  const origin = () => document.querySelector('dd[data-field="origin"]')?.textContent;

  it("names the lead it answers and when it was called, as text (never markup)", () => {
    const calledAtMs = new Date(2026, 10, 24, 10, 42).getTime();
    const linkedLead = { leadId: "<b>L-1234</b>", calledAtMs };
    renderCard(document, model({ origin: "inbound", callback: true, linkedLead }), 1_000_000, noDrafts);
    expect(origin()).toBe("Callback — lead <b>L-1234</b>, called Tue 10:42");
    expect(document.querySelector("dd[data-field=origin] b")).toBeNull();
  });

  it("without a linked lead reads Inbound callback", () => {
    renderCard(document, model({ origin: "inbound", callback: true }), 1_000_000, noDrafts);
    expect(origin()).toBe("Inbound callback");
  });
});
