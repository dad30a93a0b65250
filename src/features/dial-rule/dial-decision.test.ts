import { describe, expect, it } from "vitest";
import { type DialMoment, decideDial } from "./dial-decision.ts";

const BOSTON = "1-617-555-0123";

describe("what the dialpad does with a number", () => {
  // value, moment → value written back (null: leave it), invalid
  const cases: Array<[string, DialMoment, string | null, boolean]> = [
    ["9 (617) 555-0123", "paste", BOSTON, false],
    ["(617) 555-0123", "paste", BOSTON, false],
    ["+1 617 555 0123", "blur", BOSTON, false],
    ["617.555.0123", "blur", BOSTON, false],
    [BOSTON, "blur", null, false],
    [BOSTON, "typing", null, false],
    ["", "blur", null, false],
    ["   ", "paste", null, false],
    // while typing: nothing until the number is complete…
    ["617", "typing", null, true],
    ["617555012", "typing", null, true],
    ["6175550123", "typing", BOSTON, false],
    ["96175550123", "typing", BOSTON, false],
    ["916175550123", "typing", BOSTON, false],
    // …and not while "9" + digits may still become 9 + a ten-digit number
    ["9617555012", "typing", null, false],
    ["9617555012", "blur", "1-961-755-5012", false],
    ["+9617555012", "typing", null, true],
    // flagged
    ["555-0123", "paste", null, true],
    ["555-0123", "blur", null, true],
    ["+44 20 7946 0958", "paste", null, true],
    ["617-555-0123 x12", "blur", null, true],
    ["(617) 155-0123", "blur", null, true],
  ];
  it.each(cases)("%j on %s", (value, moment, write, invalid) => {
    const decision = decideDial(value, moment);
    expect(decision.write).toBe(write);
    expect(decision.invalid).toBe(invalid);
    if (invalid) expect(decision.reason).toMatch(/\w/);
    else expect(decision.reason).toBeNull();
  });
});
