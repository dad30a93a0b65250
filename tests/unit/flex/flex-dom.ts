// A small Flex-like DOM for happy-dom tests, with Flex's real markers (the fixture's shapes), and a
// `render` that replaces every node the way React-based Flex (and the fixture's rerender()) does.

export interface FlexDomSpec {
  cards?: Array<{ title: string; pending: boolean }>;
  incoming?: { title: string } | null;
  call?: { title: string; directory?: boolean; menu?: boolean } | null;
  dialer?: boolean;
}

export interface FlexDom {
  root: HTMLElement;
  render(spec: FlexDomSpec): void;
  /** Flex's own click handlers ran for these (data-testid or class of the clicked control). */
  clicks: string[];
  /** The dialer's state, as Flex's controlled input keeps it. */
  dialNumber: string;
}

function el(
  tag: string,
  attrs: Record<string, string> = {},
  children: Array<Node | string> = [],
): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export function mountFlex(spec: FlexDomSpec): FlexDom {
  const root = el("div", { class: "Twilio-RootContainer" });
  document.body.append(root);
  const dom: FlexDom = { root, render, clicks: [], dialNumber: "" };

  function button(attrs: Record<string, string>, label: string, name: string): HTMLElement {
    const b = el("button", { type: "button", ...attrs }, [label]);
    b.addEventListener("click", () => dom.clicks.push(name));
    return b;
  }

  function render(next: FlexDomSpec): void {
    const header = el("header", { class: "Twilio-MainHeader" }, ["Twilio Flex"]);
    const list = el("section", { class: "Twilio-TaskList" });
    for (const card of next.cards ?? []) {
      list.append(
        el("div", { class: "Twilio-TaskListBaseItem", role: "button", tabindex: "0" }, [
          el("div", { class: "Twilio-TaskListBaseItem-Content" }, [
            el("div", { class: "Twilio-TaskListBaseItem-FirstLine" }, [card.title]),
            el("div", { class: "Twilio-TaskListBaseItem-SecondLine" }, ["Incoming web lead"]),
          ]),
          el(
            "div",
            { class: "Twilio-TaskListBaseItem-Actions" },
            card.pending
              ? [
                  button({ class: "Twilio-TaskButton-Accept", "aria-label": "Accept" }, "✓", "accept"),
                  button({ class: "Twilio-TaskButton-Reject", "aria-label": "Reject" }, "✕", "reject"),
                ]
              : [button({ class: "Twilio-TaskButton-Hangup", "aria-label": "Hang up" }, "x", "hangup")],
          ),
        ]),
      );
    }
    const main = el("main");
    if (next.incoming) {
      main.append(
        el("div", { class: "Twilio-TaskCanvas" }, [
          el("div", { class: "Twilio-TaskCanvasHeader" }, [
            el("h2", { class: "Twilio-TaskCanvasHeader-Name" }, [next.incoming.title]),
          ]),
          el("div", { class: "Twilio-IncomingTaskCanvas" }, [
            el("p", {}, ["Incoming web lead"]),
            el("div", {}, [button({ class: "Twilio-IncomingTask-Accept" }, "Accept", "accept-canvas")]),
          ]),
        ]),
      );
    }
    if (next.call) {
      const menu = next.call.menu
        ? [
            el("div", { role: "menu" }, [
              button(
                { "data-testid": "task-transfer-button", role: "menuitem" },
                "Transfer",
                "task-transfer-button",
              ),
            ]),
          ]
        : [];
      const directory = next.call.directory
        ? [
            el("div", { class: "Twilio-WorkerDirectory", role: "dialog" }, [
              button({ "data-testid": "queue-cold-transfer-button" }, "⇥", "queue-cold-transfer-button"),
              button({ "data-testid": "cbm-cold-transfer-button" }, "⇄", "cbm-cold-transfer-button"),
              button({ "data-testid": "confirm-transfer-button" }, "Transfer", "confirm-transfer-button"),
            ]),
          ]
        : [];
      main.append(
        el("div", { class: "Twilio-TaskCanvas" }, [
          el("div", { class: "Twilio-TaskCanvasHeader" }, [
            el("h2", { class: "Twilio-TaskCanvasHeader-Name" }, [next.call.title]),
            ...menu,
          ]),
          el("div", { class: "Twilio-CallCanvas" }, [
            el("p", {}, ["Live call"]),
            button(
              {
                class: "Twilio-CallCanvas-Directory",
                "data-testid": "call-transfer",
                "aria-label": "Transfer",
              },
              "⇄",
              "call-transfer",
            ),
            ...directory,
            button(
              { class: "Twilio-CallCanvas-HangupButton", "data-testid": "hangup-footer" },
              "Hang up",
              "hangup-footer",
            ),
          ]),
        ]),
      );
    }
    const children: Node[] = [header, list, main];
    if (next.dialer) {
      const input = el("input", { type: "tel", id: "dialer-phone-input" }) as HTMLInputElement;
      input.value = dom.dialNumber;
      // A controlled input: Flex's state follows `input` events only.
      input.addEventListener("input", () => {
        dom.dialNumber = input.value;
      });
      // Flex's keypad changes its state, and the input's value property, without an input event.
      // A div with role=button, as Flex 2.17.1 renders its keys.
      const keypadKey = el(
        "div",
        { role: "button", class: "Twilio-Dialpad-Button-5", "aria-label": "Key 5" },
        ["5"],
      );
      keypadKey.addEventListener("click", () => {
        dom.dialNumber += "5";
        input.value = dom.dialNumber;
      });
      // Flex 2.17.1's OutboundDialerPanel: the Call button sits beside `.Twilio-Dialer`, not in it.
      const call = button(
        { class: "Twilio-IconButton", "data-testid": "call-button", "aria-label": "Call" },
        "Call",
        "call",
      );
      children.push(
        el("div", { class: "Twilio Twilio-OutboundDialerPanel" }, [
          el("div", { class: "Twilio-Dialer", "data-testid": "dialpad" }, [
            // As in Flex 2.17.1, the country selector's hidden native input comes first.
            el("div", { class: "Twilio-Dialer-PhoneInput-Input", "data-testid": "phoneinput" }, [
              el("input", {
                class: "MuiSelect-nativeInput",
                "aria-hidden": "true",
                tabindex: "-1",
                value: "US",
              }),
              input,
            ]),
            el("div", { "data-testid": "dialpadLayout" }, [keypadKey]),
          ]),
          el("select", {
            class: "Twilio-OutboundDialerPanel-QueueSelect",
            "data-testid": "outbound-queue-select",
          }),
          call,
        ]),
      );
    }
    root.replaceChildren(...children);
  }

  render(spec);
  return dom;
}

export function testId(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
}

/** Lets the MutationObserver (a microtask) and timers at 0 ms run. */
export async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}
