/**
 * Flex's own DOM markers (from @twilio/flex-ui 2.17.1; each one and where it comes from is listed in
 * docs/flex-apis.md).
 * This is the ONE module that names Flex selectors: a Flex upgrade is one edit here. Everything
 * else asks these helpers for nodes and never assumes a node survives a re-render.
 */

const DIALER_PANEL = ".Twilio-OutboundDialerPanel";

/**
 * Every selector this module uses, by name: tests/realflex checks each one against Flex's real UI
 * (issue #13), so a name here is the name a failing check reports. The constants below are these.
 */
export const LANDMARK_SELECTORS = {
  // Every control through which Flex can start a transfer (CONTRACT §4), joined in TRANSFER_CONTROLS.
  CALL_TRANSFER: '[data-testid="call-transfer"]',
  CALL_CANVAS_DIRECTORY: ".Twilio-CallCanvas-Directory",
  TASK_TRANSFER_BUTTON: '[data-testid="task-transfer-button"]',
  QUEUE_COLD_TRANSFER_BUTTON: '[data-testid="queue-cold-transfer-button"]',
  CBM_COLD_TRANSFER_BUTTON: '[data-testid="cbm-cold-transfer-button"]',
  CONFIRM_TRANSFER_BUTTON: '[data-testid="confirm-transfer-button"]',
  TASK_CARD: ".Twilio-TaskListBaseItem",
  TASK_CARD_CONTENT: ".Twilio-TaskListBaseItem-Content",
  TASK_CARD_FIRST_LINE: ".Twilio-TaskListBaseItem-FirstLine",
  CARD_ACCEPT: ".Twilio-TaskButton-Accept",
  // The pending task on the canvas: `.Twilio-IncomingTaskCanvas` as Flex 2.17.1 renders it (our
  // fixture had `.Twilio-IncomingTask`, which real Flex never renders).
  INCOMING_TASK: ".Twilio-IncomingTaskCanvas",
  INCOMING_ACCEPT: ".Twilio-IncomingTask-Accept",
  TASK_CANVAS: ".Twilio-TaskCanvas",
  TASK_CANVAS_NAME: ".Twilio-TaskCanvasHeader-Name",
  CALL_CANVAS: ".Twilio-CallCanvas",
  /** Flex's top bar (2.17.1 bundle): where the status chip goes. */
  MAIN_HEADER: ".Twilio-MainHeader",
  // The call canvas in wrap-up has no live call: no transfer, no dial countdown. Live while it has
  // either of these (CALL_CANVAS_LIVE_MARKERS).
  HANGUP_FOOTER: '[data-testid="hangup-footer"]',
  CALL_CANVAS_HANGUP_BUTTON: ".Twilio-CallCanvas-HangupButton",
  /**
   * The outbound dialer panel (rendered by Flex 2.17.1): its phone input sits in `.Twilio-Dialer`
   * (`[data-testid="phoneinput"]`), its Call button beside it. (`[data-testid="outbound-dialpad"]`
   * is only the header button that opens the panel.) The input is named by its id: the same box
   * also holds the country selector's hidden `input.MuiSelect-nativeInput`, which comes first.
   */
  OUTBOUND_DIALER: DIALER_PANEL,
  DIALPAD_INPUT: `${DIALER_PANEL} [data-testid="phoneinput"] input#dialer-phone-input`,
  DIALER_CALL_BUTTON: `${DIALER_PANEL} [data-testid="call-button"]`,
} as const satisfies Record<string, string>;
const L = LANDMARK_SELECTORS;

/** Every control through which Flex can start a transfer (CONTRACT §4). */
export const TRANSFER_CONTROLS = [
  L.CALL_TRANSFER,
  L.CALL_CANVAS_DIRECTORY,
  L.TASK_TRANSFER_BUTTON,
  L.QUEUE_COLD_TRANSFER_BUTTON,
  L.CBM_COLD_TRANSFER_BUTTON,
  L.CONFIRM_TRANSFER_BUTTON,
].join(",");

export const TASK_CARD = L.TASK_CARD;
const TASK_CARD_CONTENT = L.TASK_CARD_CONTENT;
const TASK_CARD_FIRST_LINE = L.TASK_CARD_FIRST_LINE;
const CARD_ACCEPT = L.CARD_ACCEPT;
const INCOMING_TASK = L.INCOMING_TASK;
const INCOMING_ACCEPT = L.INCOMING_ACCEPT;
const TASK_CANVAS = L.TASK_CANVAS;
const TASK_CANVAS_NAME = L.TASK_CANVAS_NAME;
const CALL_CANVAS = L.CALL_CANVAS;
const MAIN_HEADER = L.MAIN_HEADER;
const CALL_CANVAS_LIVE_MARKERS = `${L.HANGUP_FOOTER}, ${L.CALL_CANVAS_HANGUP_BUTTON}`;
const OUTBOUND_DIALER = L.OUTBOUND_DIALER;
export const DIALPAD_INPUT = L.DIALPAD_INPUT;
const DIALER_CALL_BUTTON = L.DIALER_CALL_BUTTON;

export interface FlexTaskCard {
  card: HTMLElement;
  /** Where an overlay goes inside the card: below the two text lines, never over the buttons. */
  content: HTMLElement;
  /** The card's first line: the customer's name, else the caller's number. */
  title: string;
  /** The card offers Accept: a pending reservation. */
  pending: boolean;
}

function text(el: Element | null): string {
  return (el?.textContent ?? "").trim();
}

export function taskCards(root: ParentNode): FlexTaskCard[] {
  const cards: FlexTaskCard[] = [];
  for (const card of root.querySelectorAll<HTMLElement>(TASK_CARD)) {
    const content = card.querySelector<HTMLElement>(TASK_CARD_CONTENT) ?? card;
    cards.push({
      card,
      content,
      title: text(card.querySelector(TASK_CARD_FIRST_LINE)),
      pending: card.querySelector(CARD_ACCEPT) !== null,
    });
  }
  return cards;
}

export interface FlexIncomingTask {
  /** The incoming-task view on the canvas; overlays go after its Accept/Reject row. */
  container: HTMLElement;
  /** The task canvas header's name: the customer's name, else the caller's number. */
  title: string;
}

/** The pending task on the canvas (its Accept button), or null. */
export function incomingTask(root: ParentNode): FlexIncomingTask | null {
  const container = root.querySelector<HTMLElement>(INCOMING_TASK);
  if (!container?.querySelector(INCOMING_ACCEPT)) return null;
  const canvas = container.closest(TASK_CANVAS);
  return { container, title: text(canvas?.querySelector(TASK_CANVAS_NAME) ?? null) };
}

/** The live call canvas (not wrap-up), or null. */
export function liveCallCanvas(root: ParentNode): HTMLElement | null {
  for (const canvas of root.querySelectorAll<HTMLElement>(CALL_CANVAS)) {
    if (canvas.querySelector(CALL_CANVAS_LIVE_MARKERS)) return canvas;
  }
  return null;
}

export function transferControls(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TRANSFER_CONTROLS)];
}

/** The transfer control an event went through (also inside a shadow root), or null. */
export function transferControlIn(path: readonly EventTarget[]): Element | null {
  for (const target of path) {
    if (target instanceof Element && target.matches(TRANSFER_CONTROLS)) return target;
  }
  return null;
}

/** Where a notice about transfer goes: the live call canvas, else next to the first control. */
export function transferNoticeAnchor(root: ParentNode): HTMLElement | null {
  const canvas = liveCallCanvas(root);
  if (canvas) return canvas;
  const control = root.querySelector<HTMLElement>(TRANSFER_CONTROLS);
  return (control?.closest<HTMLElement>(TASK_CANVAS) ?? control?.parentElement) || null;
}

/** Flex's top bar, where the status chip goes; null before Flex has rendered it. */
export function mainHeader(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(MAIN_HEADER);
}

export function isDialpadInput(target: EventTarget | null): target is HTMLInputElement {
  return target instanceof Element && target.tagName === "INPUT" && target.matches(DIALPAD_INPUT);
}

/** The event happened inside Flex's outbound dialer panel (its keypad or its input). */
export function isInOutboundDialpad(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(OUTBOUND_DIALER) !== null;
}

/** Flex's outbound dialer panels, where the caller ID line goes. */
export function outboundDialers(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(OUTBOUND_DIALER)];
}

export function dialpadInputs(root: ParentNode): HTMLInputElement[] {
  return [...root.querySelectorAll<HTMLInputElement>(DIALPAD_INPUT)];
}

/** The Call button of the dialer panel that holds this input, or null. */
export function dialerCallButton(input: Element): HTMLButtonElement | null {
  return input.closest(OUTBOUND_DIALER)?.querySelector<HTMLButtonElement>(DIALER_CALL_BUTTON) ?? null;
}

/** The dialer's Call button an event went through (its icon included), or null. */
export function dialerCallButtonIn(path: readonly EventTarget[]): HTMLButtonElement | null {
  for (const target of path) {
    if (target instanceof HTMLButtonElement && target.matches(DIALER_CALL_BUTTON)) return target;
  }
  return null;
}
