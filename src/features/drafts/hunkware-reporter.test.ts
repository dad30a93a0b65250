// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DraftField } from "../../protocol/messages.ts";
import { draftFields, reportDrafts } from "./hunkware-reporter.ts";

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

function control(html: string): HTMLInputElement {
  document.body.insertAdjacentHTML("beforeend", html);
  return document.body.lastElementChild as HTMLInputElement;
}

/** The agent typing: happy-dom has no isTrusted, so the test marks its own event as trusted. */
function type(input: HTMLInputElement, value: string, trusted = true) {
  input.value = value;
  const event = new Event("input", { bubbles: true });
  Object.defineProperty(event, "isTrusted", { value: trusted });
  input.dispatchEvent(event);
}

describe("draftFields", () => {
  it("leaves out payment-card and one-time-code fields, whatever their section prefix", () => {
    const secret = [
      '<input id="card" autocomplete="cc-number">',
      '<input id="csc" autocomplete="section-pay billing CC-CSC">',
      '<input id="exp" autocomplete="shipping cc-exp">',
      '<input id="otp" autocomplete="one-time-code">',
    ].map(control);
    const notes = control('<input id="notes" autocomplete="off">');
    const zip = control('<input id="zip" autocomplete="billing postal-code">');
    for (const input of [...secret, notes, zip]) input.value = "4111 1111 1111 1111";
    expect(draftFields([...secret, notes, zip]).map((f) => f.key)).toEqual(["#notes", "#zip"]);
  });

  it("leaves out a field marked so after the agent's edit", () => {
    const input = control('<input id="card">');
    input.value = "4111";
    input.setAttribute("autocomplete", "cc-number");
    expect(draftFields([input])).toEqual([]);
  });
});

describe("reportDrafts", () => {
  it("reports the agent's edits, never a card number or one-time code", () => {
    vi.useFakeTimers();
    const sent: DraftField[][] = [];
    const stop = reportDrafts(document, (fields) => sent.push(fields), 300);
    const notes = control('<input id="notes" aria-label="Notes">');
    const card = control('<input id="card" autocomplete="billing cc-number">');
    const otp = control('<input name="otp" autocomplete="one-time-code">');
    type(notes, "call after 5");
    type(card, "4111 1111 1111 1111");
    type(otp, "123456");
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([[{ key: "#notes", label: "Notes", value: "call after 5" }]]);
    stop();
  });

  it("ignores edits the agent didn't make", () => {
    vi.useFakeTimers();
    const sent: DraftField[][] = [];
    const stop = reportDrafts(document, (fields) => sent.push(fields), 300);
    type(control('<input id="notes">'), "scripted", false);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([]);
    stop();
  });
});
