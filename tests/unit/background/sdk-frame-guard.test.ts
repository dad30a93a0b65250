import { describe, expect, it } from "vitest";
import {
  repairFrame,
  repairProxyBody,
  unreadableAttributes,
} from "../../../src/background/sdk-frame-guard.ts";

const reservationFrame = (sid: string, attributes: unknown) =>
  JSON.stringify({
    event_type: "reservation.created",
    payload: { sid: "WR1", task: { sid, attributes, status: "reserved" } },
  });

describe("repairFrame", () => {
  it("repairs a reservation frame whose task attributes are not JSON, keeping the original", () => {
    const repaired = repairFrame(reservationFrame("WTbad1", "{name: Ada"));
    expect(JSON.parse(repaired ?? "null")).toEqual({
      event_type: "reservation.created",
      payload: { sid: "WR1", task: { sid: "WTbad1", attributes: "{}", status: "reserved" } },
    });
    expect(unreadableAttributes("WTbad1")).toBe("{name: Ada");
  });

  it("repairs a task frame, whose payload is the task", () => {
    const frame = JSON.stringify({
      event_type: "task.updated",
      payload: { sid: "WTbad2", attributes: "nope" },
    });
    expect(JSON.parse(repairFrame(frame) ?? "null").payload).toEqual({ sid: "WTbad2", attributes: "{}" });
    expect(unreadableAttributes("WTbad2")).toBe("nope");
  });

  it.each([["[1,2]"], ["42"], ['"text"'], ["null"]])("repairs JSON that is not an object: %s", (text) => {
    const repaired = repairFrame(reservationFrame("WTjson", text));
    expect(JSON.parse(repaired ?? "null").payload.task.attributes).toBe("{}");
    expect(unreadableAttributes("WTjson")).toBe(text);
  });

  it("leaves valid JSON object attributes untouched", () => {
    expect(repairFrame(reservationFrame("WTok", '{"name":"Ada"}'))).toBeNull();
    expect(unreadableAttributes("WTok")).toBeUndefined();
  });

  it.each([
    ["a non-JSON frame", 'not json "attributes"'],
    ["a heartbeat", "\n"],
    [
      "a frame without attributes",
      JSON.stringify({ event_type: "reservation.created", payload: { task: {} } }),
    ],
    ["another event type", JSON.stringify({ event_type: "worker.updated", payload: { attributes: "x" } })],
    ["attributes that are already an object", reservationFrame("WTobj", { a: 1 })],
  ])("returns null for %s", (_what, frame) => {
    expect(repairFrame(frame)).toBeNull();
  });

  it("repairs without remembering when the task has no sid", () => {
    const frame = JSON.stringify({
      event_type: "reservation.created",
      payload: { task: { attributes: "x" } },
    });
    expect(JSON.parse(repairFrame(frame) ?? "null").payload.task).toEqual({ attributes: "{}" });
  });

  it("remembers at most 100 unreadable tasks, forgetting the oldest", () => {
    for (let i = 0; i <= 100; i++) repairFrame(reservationFrame(`WTmany${i}`, `bad ${i}`));
    expect(unreadableAttributes("WTmany0")).toBeUndefined();
    expect(unreadableAttributes("WTmany1")).toBe("bad 1");
    expect(unreadableAttributes("WTmany100")).toBe("bad 100");
  });
});

describe("repairProxyBody", () => {
  const task = (sid: string, attributes: string) => ({ sid, attributes, addons: "{}" });

  it("repairs the active reservations read at start-up, keeping the original text", () => {
    const body = {
      payload: {
        contents: [
          { sid: "WR1", task: task("WTproxy1", "{not json") },
          { sid: "WR2", task: task("WTproxy2", '{"name":"Ada"}') },
        ],
        after_sid: null,
      },
    };
    const repaired = JSON.parse(repairProxyBody(JSON.stringify(body)) as string);
    expect(repaired.payload.contents[0].task.attributes).toBe("{}");
    expect(repaired.payload.contents[1].task.attributes).toBe('{"name":"Ada"}');
    expect(repaired.payload.after_sid).toBeNull();
    expect(unreadableAttributes("WTproxy1")).toBe("{not json");
  });

  it("repairs a single reservation with its task, and a task answer", () => {
    const reservation = { payload: { sid: "WR3", task: task("WTproxy3", "<b>") } };
    expect(JSON.parse(repairProxyBody(JSON.stringify(reservation)) as string).payload.task.attributes).toBe(
      "{}",
    );
    const taskAnswer = { payload: task("WTproxy4", "oops") };
    expect(JSON.parse(repairProxyBody(JSON.stringify(taskAnswer)) as string).payload.attributes).toBe("{}");
  });

  it.each([
    ["no attributes at all", JSON.stringify({ payload: { sid: "WK1", activity_sid: "WA1" } })],
    ["valid attributes", JSON.stringify({ payload: { contents: [{ task: task("WT9", "{}") }] } })],
    [
      "a worker's own attributes (not a task)",
      JSON.stringify({ payload: { sid: "WK1", attributes: "{bad" } }),
    ],
    ["not JSON", '{"attributes": oops'],
    ["no payload", JSON.stringify({ message: "attributes missing" })],
  ])("leaves alone: %s", (_what, text) => {
    expect(repairProxyBody(text)).toBeNull();
  });
});
