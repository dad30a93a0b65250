import { describe, expect, it } from "vitest";
import { allHandlers, type RequestHandlers } from "../../../src/background/message-router.ts";
import { REPLIES, type RequestType } from "../../../src/protocol/messages.ts";

const answer = async () => undefined;
const every = Object.fromEntries(
  Object.keys(REPLIES).map((type) => [type, answer]),
) as unknown as RequestHandlers;
const without = (...types: RequestType[]) =>
  Object.fromEntries(Object.entries(every).filter(([type]) => !types.includes(type as RequestType)));

describe("the core's and the features' handlers as one table", () => {
  it("takes each request type answered once, by the core or one feature", () => {
    const drafts = { "get-draft": every["get-draft"], "dismiss-draft": every["dismiss-draft"] };
    const table = allHandlers(without("get-draft", "dismiss-draft"), [drafts]);
    expect(Object.keys(table).sort()).toEqual(Object.keys(REPLIES).sort());
    expect(table["get-draft"]).toBe(drafts["get-draft"]);
  });

  it("refuses a request type nobody answers", () => {
    expect(() => allHandlers(without("get-draft"), [])).toThrow("no handler for get-draft");
  });

  it("refuses a request type two parts answer", () => {
    expect(() => allHandlers(every, [{ "get-draft": every["get-draft"] }])).toThrow(
      "two handlers for get-draft",
    );
  });
});
