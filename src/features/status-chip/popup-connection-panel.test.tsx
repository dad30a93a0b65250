// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { byTestId, click, mount } from "../../../tests/unit/popup/render.ts";
import type { ConnectionStatus } from "../../protocol/messages.ts";
import { ConnectionPanel } from "./popup-connection-panel.tsx";

const connection = (status: ConnectionStatus, patch: object = {}) => ({
  status,
  detail: null,
  identity: null,
  retryAtMs: null,
  ...patch,
});

describe("ConnectionPanel", () => {
  const cases: Array<[ConnectionStatus, string, string | null, string | null]> = [
    ["not-configured", "Not configured", "Open settings", "open-options"],
    ["waiting-for-flex", "Waiting for Flex", "Open Flex", "open-flex"],
    ["signing-in", "Signing in…", null, null],
    ["connected", "Connected", null, null],
    ["reconnecting", "Reconnecting…", null, null],
    ["refused", "Sign-in refused", "Retry now", "retry"],
    ["token-service-down", "Token service down", "Retry now", "retry"],
  ];

  it.each(cases)("%s reads %j and offers %j", (status, text, label, fix) => {
    const onFix = vi.fn();
    const root = mount(<ConnectionPanel connection={connection(status)} nowMs={0} onFix={onFix} />);
    expect(byTestId(root, "hb-connection").textContent).toBe(text);
    const buttons = root.querySelectorAll("button");
    if (label === null) {
      expect(buttons).toHaveLength(0);
      return;
    }
    // Exactly one action: the one that fixes this status.
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.textContent).toBe(label);
    click(buttons[0] as HTMLButtonElement);
    expect(onFix).toHaveBeenCalledWith(fix);
  });

  it("shows the service worker's reason over the generic hint, as text", () => {
    const detail = "<b>401</b> Flex token expired";
    const root = mount(
      <ConnectionPanel connection={connection("refused", { detail })} nowMs={0} onFix={() => {}} />,
    );
    expect(root.textContent).toContain(detail);
    expect(root.querySelector("b")).toBeNull();
    expect(root.textContent).not.toContain("Your Flex sign-in was refused");
  });

  it("counts down to the next automatic retry", () => {
    const root = mount(
      <ConnectionPanel
        connection={connection("token-service-down", { retryAtMs: 10_000 })}
        nowMs={2_500}
        onFix={() => {}}
      />,
    );
    expect(root.textContent).toContain("Trying again by itself in 8 s.");
  });

  it("names the signed-in agent", () => {
    const root = mount(
      <ConnectionPanel
        connection={connection("connected", { identity: "ada@chhj.com" })}
        nowMs={0}
        onFix={() => {}}
      />,
    );
    expect(root.textContent).toContain("Signed in as ada@chhj.com");
  });

  it("says the transfer guard in Flex is off, and only then", () => {
    const off = mount(
      <ConnectionPanel connection={connection("connected")} transferGuard="off" nowMs={0} onFix={vi.fn()} />,
    );
    expect(byTestId(off, "hb-transfer-guard").textContent).toMatch(/transfer guard in Flex is off/);
    expect(byTestId(off, "hb-transfer-guard").getAttribute("role")).toBe("alert");
    for (const transferGuard of ["on", null] as const) {
      const root = mount(
        <ConnectionPanel
          connection={connection("connected")}
          transferGuard={transferGuard}
          nowMs={0}
          onFix={vi.fn()}
        />,
      );
      expect(root.querySelector('[data-testid="hb-transfer-guard"]')).toBeNull();
    }
  });

  it("asks for a reload of Flex when the guard there can't be proven, without raising an alarm", () => {
    const root = mount(
      <ConnectionPanel
        connection={connection("connected")}
        transferGuard="unproven"
        nowMs={0}
        onFix={vi.fn()}
      />,
    );
    expect(byTestId(root, "hb-transfer-guard").textContent).toMatch(/^Reload Flex between calls/);
    expect(byTestId(root, "hb-transfer-guard").getAttribute("role")).toBeNull();
  });
});
