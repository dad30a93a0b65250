// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { Shortcuts } from "../../../popup/Shortcuts.tsx";
import { byTestId, mount } from "./render.ts";

describe("the shortcuts in the popup's footer", () => {
  it("shows each bound shortcut with what it does, and leaves out the unbound", () => {
    const root = mount(
      <Shortcuts
        shortcuts={[
          { description: "Open HunkBridge", shortcut: "Alt+Shift+B" },
          { description: "Go to Flex", shortcut: "Alt+Shift+F" },
          { description: "Go to Hunkware", shortcut: "" },
        ]}
      />,
    );
    const list = byTestId(root, "hb-shortcuts");
    expect([...list.querySelectorAll("div")].map((d) => d.textContent)).toEqual([
      "Alt+Shift+BOpen HunkBridge",
      "Alt+Shift+FGo to Flex",
    ]);
  });

  it("shows nothing when no shortcut is bound", () => {
    const root = mount(<Shortcuts shortcuts={[{ description: "Go to Flex", shortcut: "" }]} />);
    expect(root.querySelector('[data-testid="hb-shortcuts"]')).toBeNull();
  });
});
