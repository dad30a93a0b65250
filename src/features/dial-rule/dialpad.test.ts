// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { mountFlex, settle, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";

let started: Started | null = null;
afterEach(() => {
  started?.overlays.stop();
  started = null;
  document.body.replaceChildren();
});

const input = () =>
  document.querySelector<HTMLInputElement>(
    '.Twilio-OutboundDialerPanel [data-testid="phoneinput"] input#dialer-phone-input',
  ) as HTMLInputElement;
const callButton = () =>
  document.querySelector<HTMLButtonElement>(
    '.Twilio-OutboundDialerPanel [data-testid="call-button"]',
  ) as HTMLButtonElement;

/** What the browser does for a paste: `paste`, the text goes in, then `input`. */
function paste(text: string): void {
  const field = input();
  field.focus();
  field.dispatchEvent(new Event("paste", { bubbles: true, cancelable: true }));
  field.value = text;
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

function type(text: string): void {
  const field = input();
  field.focus();
  for (const char of text) {
    field.value += char;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function blur(): void {
  input().dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
}

describe("manual dialing", () => {
  it("shows a pasted number as 1-xxx-xxx-xxxx without the 9, in Flex's own state", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    paste("9 (617) 555-0123");
    await settle();
    expect(input().value).toBe("1-617-555-0123");
    expect(flex.dialNumber).toBe("1-617-555-0123");
    expect(testId("hb-dial-hint")).toBeNull();
  });

  it("flags a pasted number that can't be North American, and holds the Call button", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    paste("555-0123");
    await settle();
    expect(input().value).toBe("555-0123");
    const hint = testId("hb-dial-hint");
    expect(hint?.textContent).toMatch(/^Can't dial this number: .*10 digits/);
    expect(hint?.getAttribute("role")).toBe("status");
    expect(input().getAttribute("aria-invalid")).toBe("true");
    expect(input().getAttribute("aria-describedby")).toBe(hint?.id);
    expect(callButton().disabled).toBe(true);
    expect(callButton().getAttribute("aria-disabled")).toBe("true");
    callButton().dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    expect(flex.clicks).toEqual([]);
  });

  it("doesn't fight the agent mid-typing, reformats once complete, and flags on blur", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    type("617555");
    expect(input().value).toBe("617555");
    expect(testId("hb-dial-hint")).toBeNull();
    expect(callButton().disabled).toBe(true); // not a number yet
    blur();
    expect(testId("hb-dial-hint")?.textContent).toMatch(/Can't dial/);
    type("0123");
    expect(input().value).toBe("1-617-555-0123");
    expect(flex.dialNumber).toBe("1-617-555-0123");
    expect(testId("hb-dial-hint")).toBeNull();
    expect(callButton().disabled).toBe(false);
    expect(callButton().hasAttribute("aria-disabled")).toBe(false);
    expect(input().hasAttribute("aria-invalid")).toBe(false);
    callButton().click();
    expect(flex.clicks).toEqual(["call"]);
  });

  it("waits for the blur when 9 + digits might still grow", () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    type("9617555012");
    expect(input().value).toBe("9617555012");
    type("3");
    expect(flex.dialNumber).toBe("1-617-555-0123");
  });

  it("normalises on blur and on change", () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    type("912-555-0199");
    expect(input().value).toBe("912-555-0199");
    blur();
    expect(flex.dialNumber).toBe("1-912-555-0199");
    const field = input();
    field.value = "617.555.0123";
    field.dispatchEvent(new Event("change", { bubbles: true }));
    expect(flex.dialNumber).toBe("1-617-555-0123");
  });

  it("reformats a number completed on Flex's keypad", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    type("617555012");
    document.querySelector<HTMLElement>('[aria-label="Key 5"]')?.click();
    await settle();
    expect(flex.dialNumber).toBe("1-617-555-0125");
  });

  it("holds a Call click on a number not yet shown in the dialing form, and fixes it first", () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    input().value = "9-617-555-0123"; // set by Flex without any event
    flex.dialNumber = input().value;
    callButton().click();
    expect(flex.clicks).toEqual([]);
    expect(flex.dialNumber).toBe("1-617-555-0123");
    expect(testId("hb-dial-hint")?.textContent).toMatch(/1-617-555-0123; press Call/);
    callButton().click();
    expect(flex.clicks).toEqual(["call"]);
  });

  it("keeps the flag and the held Call button when Flex re-renders the dialer", async () => {
    const flex = mountFlex({ dialer: true });
    started = start();
    paste("555-0123");
    await settle();
    flex.render({ dialer: true });
    await settle();
    expect(input().value).toBe("555-0123");
    expect(document.querySelectorAll('[data-testid="hb-dial-hint"]')).toHaveLength(1);
    expect(callButton().disabled).toBe(true);
    // Cleared: the hint goes and the Call button is as Flex made it.
    const field = input();
    field.value = "";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    expect(testId("hb-dial-hint")).toBeNull();
    expect(callButton().disabled).toBe(false);
  });
});
