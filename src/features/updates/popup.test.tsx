// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { byTestId, mount } from "../../../tests/unit/popup/render.ts";
import { UpdateNotice } from "./popup.tsx";

describe("UpdateNotice", () => {
  it("says nothing without an update", () => {
    expect(mount(<UpdateNotice update={null} />).textContent).toBe("");
  });

  it.each([
    [
      "the call",
      "HunkBridge 1.2.4 is ready. It is applied after the call. Flex and Hunkware stay as they are.",
    ],
    [
      "the offer",
      "HunkBridge 1.2.4 is ready. It is applied after the offer. Flex and Hunkware stay as they are.",
    ],
    [null, "HunkBridge 1.2.4 is ready. It is being applied now. Flex and Hunkware stay as they are."],
  ] as const)("waiting for %s", (waitingFor, text) => {
    const root = mount(<UpdateNotice update={{ version: "1.2.4", waitingFor }} />);
    expect(byTestId(root, "hb-update").textContent).toBe(text);
  });
});
