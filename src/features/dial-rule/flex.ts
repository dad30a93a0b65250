/**
 * Manual dialing in Flex's outbound dialer: numbers typed, pasted or keyed in are shown as
 * 1-xxx-xxx-xxxx without the "9" prefix, written back through the input's native value setter and
 * an `input` event so Flex's controlled input keeps them; a number that can't be North American is
 * flagged by a hint beside the input (hb-dial-hint, a polite live region) and the Call button is
 * disabled until it is fixed. See dial-decision.ts for when a value is rewritten or flagged.
 */

import {
  dialerCallButton,
  dialerCallButtonIn,
  dialpadInputs,
  isDialpadInput,
  isInOutboundDialpad,
} from "../../../content-scripts/flex/flex-landmarks.ts";
import {
  disableControl,
  element,
  ensureOverlayAfter,
  removeOverlays,
  restoreAll,
  restoreControl,
  setAttr,
  setText,
  swallow,
} from "../../../content-scripts/flex/overlays/dom.ts";
import type { FlexOverlayFeature } from "../../../content-scripts/flex/overlays/overlay.ts";
import { writeInputValue } from "../../../content-scripts/shared/native-value.ts";
import { type DialMoment, decideDial, refusedDialText } from "./dial-decision.ts";

export const DIAL_HINT = "dial-hint";
export const DIAL_MARKER = "data-hb-dial-invalid";
const HINT_ID = "hb-dial-hint";

export const dialRuleOverlay: FlexOverlayFeature = {
  name: "dial rule",
  start(ctx) {
    const dialpad = installDialpad(ctx.doc, ctx.rerun);
    return {
      markers: [DIAL_MARKER],
      apply: () => dialpad.apply(),
      onActionsEvent(event) {
        if (event.kind === "dial-refused") ctx.notify(refusedDialText(event.reason));
      },
      dispose: () => dialpad.dispose(),
    };
  },
};

export interface Dialpad {
  apply(): void;
  dispose(): void;
}

/** `onChange` re-applies the overlays (the controller's single apply path). */
export function installDialpad(doc: Document, onChange: () => void): Dialpad {
  // Survives Flex replacing the input: the hint shows while the current value is invalid and the
  // agent has pasted it or left the field; `info` tells why a Call click was held back.
  let flagged = false;
  let info: string | null = null;
  let writing = false;

  const settle = (input: HTMLInputElement, moment: DialMoment) => {
    const decision = decideDial(input.value, moment);
    info = null;
    if (decision.write !== null) {
      writing = true;
      try {
        writeInputValue(input, decision.write);
      } finally {
        writing = false;
      }
    }
    if (!decision.invalid) flagged = false;
    else if (moment !== "typing") flagged = true;
    onChange();
  };
  /** After the page has handled the event: the input may have been replaced meanwhile. */
  const later = (input: HTMLInputElement | null, moment: DialMoment) =>
    setTimeout(() => {
      const current = input?.isConnected ? input : (dialpadInputs(doc)[0] ?? null);
      if (current) settle(current, moment);
    }, 0);

  const onInput = (event: Event) => {
    if (!writing && isDialpadInput(event.target)) settle(event.target, "typing");
  };
  const onBlur = (event: Event) => {
    if (!writing && isDialpadInput(event.target)) settle(event.target, "blur");
  };
  const onPaste = (event: Event) => {
    if (isDialpadInput(event.target)) later(event.target, "paste");
  };
  // Flex's keypad changes the value without an input event.
  const onKeypad = (event: Event) => {
    if (!isDialpadInput(event.target) && isInOutboundDialpad(event.target)) later(null, "typing");
  };
  // The last line of defence: a Call click with an invalid or not yet normalised number.
  const onCall = (event: Event) => {
    const button = dialerCallButtonIn(event.composedPath());
    const input = button && dialpadInputs(doc).find((i) => dialerCallButton(i) === button);
    if (!input) return;
    const decision = decideDial(input.value, "blur");
    if (decision.invalid) {
      swallow(event);
      flagged = true;
      onChange();
    } else if (decision.write !== null) {
      swallow(event);
      settle(input, "blur");
      info = `The number is now ${decision.write}; press Call to dial it.`;
      onChange();
    }
  };

  const listeners: Array<[string, (event: Event) => void, AddEventListenerOptions?]> = [
    ["input", onInput],
    ["change", onBlur],
    ["focusout", onBlur],
    ["paste", onPaste],
    ["click", onKeypad],
    ["click", onCall, { capture: true }],
  ];
  for (const [type, listener, options] of listeners) doc.addEventListener(type, listener, options);

  return {
    apply: () => applyDialpad(doc, flagged, info),
    dispose() {
      for (const [type, listener, options] of listeners) doc.removeEventListener(type, listener, options);
      restoreAll(doc, DIAL_MARKER);
      removeOverlays(doc, DIAL_HINT);
    },
  };
}

function describedBy(input: HTMLInputElement, on: boolean): void {
  const ids = (input.getAttribute("aria-describedby") ?? "")
    .split(/\s+/)
    .filter((id) => id && id !== HINT_ID);
  if (on) ids.push(HINT_ID);
  setAttr(input, "aria-describedby", ids.length > 0 ? ids.join(" ") : null);
}

/** The DOM half, idempotent: the hint, the input's aria-invalid, the Call button's state. */
export function applyDialpad(doc: Document, flagged: boolean, info: string | null): void {
  const keep = new Set<Element>();
  const disabled = new Set<Element>();
  for (const input of dialpadInputs(doc)) {
    const decision = decideDial(input.value, "typing");
    const call = dialerCallButton(input);
    if (call && decision.invalid) {
      disableControl(call, DIAL_MARKER);
      disabled.add(call);
    } else if (call) restoreControl(call, DIAL_MARKER);

    const error = flagged && decision.invalid ? decision.reason : null;
    const text = error ?? (decision.invalid ? null : info);
    setAttr(input, "aria-invalid", error === null ? null : "true");
    describedBy(input, text !== null);
    if (text === null) continue;
    const hint = ensureOverlayAfter(input, DIAL_HINT, (d) =>
      element(d, "div", {
        class: "hb-overlay hb-hint",
        id: HINT_ID,
        role: "status",
        "aria-live": "polite",
        "data-testid": "hb-dial-hint",
      }),
    );
    setText(hint, error === null ? text : `Can't dial this number: ${error}`);
    if (hint.classList.contains("hb-info") !== (error === null))
      hint.classList.toggle("hb-info", error === null);
    keep.add(hint);
  }
  restoreAll(doc, DIAL_MARKER, disabled);
  removeOverlays(doc, DIAL_HINT, keep);
}
