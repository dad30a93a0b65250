// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { overlayButton } from "../../../content-scripts/flex/overlays/overlay-button.ts";

afterEach(() => document.body.replaceChildren());

describe("overlayButton", () => {
  it("is a plain button with the given attributes whose click stops at it", () => {
    const onClick = vi.fn();
    const flexHandler = vi.fn();
    document.body.addEventListener("click", flexHandler);
    const button = overlayButton(document, { class: "hb-button", "data-testid": "hb-x" }, onClick);
    document.body.append(button);
    button.click();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(flexHandler).not.toHaveBeenCalled();
    expect(button.getAttribute("type")).toBe("button");
    expect(button.className).toBe("hb-button");
    expect(button.dataset.testid).toBe("hb-x");
    document.body.removeEventListener("click", flexHandler);
  });
});
