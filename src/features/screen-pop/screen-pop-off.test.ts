// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { readFlexActivity, watchFlexActivity } from "../../../content-scripts/flex/actions/flex-activity.ts";
import { view } from "../../../tests/unit/fake-view.ts";
import { mountFlex, testId } from "../../../tests/unit/flex/flex-dom.ts";
import { type Started, start } from "../../../tests/unit/flex/harness.ts";
import type { ConnectionStatus } from "../../protocol/messages.ts";
import { screenPopOffText } from "./screen-pop-off-text.ts";

const connection = (status: ConnectionStatus, detail: string | null = null) => ({
  connection: { status, detail, identity: null, retryAtMs: null },
});

describe("screenPopOffText: Available in Flex while HunkBridge is not connected", () => {
  it("says nothing while connected, or while the agent isn't Available in Flex", () => {
    expect(screenPopOffText(view(connection("connected")), true)).toBeNull();
    expect(screenPopOffText(view(connection("token-service-down")), false)).toBeNull();
    expect(screenPopOffText(null, false)).toBeNull();
  });

  it("says screen-pop is off, and why, in the popup's words", () => {
    expect(screenPopOffText(view(connection("token-service-down")), true)).toBe(
      "You are Available, but screen-pop is off (HunkBridge: Token service down): The token service did not answer; tell your admin.",
    );
    expect(
      screenPopOffText(view(connection("refused", "the token service refused the Flex token")), true),
    ).toBe(
      "You are Available, but screen-pop is off (HunkBridge: Sign-in refused): the token service refused the Flex token",
    );
    expect(screenPopOffText(view(connection("signing-in")), true)).toBe(
      "You are Available, but screen-pop is off (HunkBridge: Signing in…).",
    );
    expect(screenPopOffText(null, true)).toBe(
      "You are Available, but screen-pop is off: HunkBridge is not responding.",
    );
  });
});

describe("Flex's own activity, read in the page", () => {
  const flexWith = (activity: unknown) => ({
    Twilio: { Flex: { Manager: { getInstance: () => ({ workerClient: { activity } }) } } },
  });

  it("reads the name and availability of Flex's worker, and nothing it can't trust", () => {
    expect(readFlexActivity(flexWith({ name: "Available", available: true, sid: "WA1" }))).toEqual({
      name: "Available",
      available: true,
    });
    expect(readFlexActivity(flexWith({ name: "Available" }))).toBeNull();
    expect(readFlexActivity(flexWith(undefined))).toBeNull();
    expect(readFlexActivity({})).toBeNull();
    const throwing = {
      Twilio: {
        Flex: {
          Manager: {
            getInstance: () => {
              throw new Error("not initialised");
            },
          },
        },
      },
    };
    expect(readFlexActivity(throwing)).toBeNull();
  });

  it("reports a change once, and stops when asked", () => {
    let current: { name: string; available: boolean } | null = null;
    const seen: unknown[] = [];
    const timer: { tick: (() => void) | null } = { tick: null };
    const stop = watchFlexActivity(
      () => current,
      (a) => seen.push(a),
      { every: (fn) => (timer.tick = fn), stop: () => (timer.tick = null) },
    );
    timer.tick?.();
    current = { name: "Available", available: true };
    timer.tick?.();
    timer.tick?.();
    current = { name: "Offline", available: false };
    timer.tick?.();
    expect(seen).toEqual([
      null,
      { name: "Available", available: true },
      { name: "Offline", available: false },
    ]);
    stop();
    expect(timer.tick).toBeNull();
  });
});

describe("the screen-pop-off banner (hb-screenpop-off)", () => {
  let started: Started | null = null;
  afterEach(() => {
    started?.overlays.stop();
    started = null;
    document.body.replaceChildren();
  });

  it("shows while Flex says Available and HunkBridge is down, and goes when either changes", () => {
    mountFlex({});
    started = start();
    started.overlays.setView(view(connection("token-service-down")));
    expect(testId("hb-screenpop-off")).toBeNull();
    started.overlays.actionEvent({ kind: "flex-activity", activity: { name: "Available", available: true } });
    expect(testId("hb-screenpop-off")?.textContent).toMatch(
      /screen-pop is off \(HunkBridge: Token service down\)/,
    );
    expect(testId("hb-screenpop-off")?.getAttribute("role")).toBe("alert");
    started.overlays.setView(view(connection("connected")));
    expect(testId("hb-screenpop-off")).toBeNull();
    started.overlays.setView(view(connection("reconnecting")));
    expect(testId("hb-screenpop-off")).not.toBeNull();
    started.overlays.actionEvent({ kind: "flex-activity", activity: { name: "Break", available: false } });
    expect(testId("hb-screenpop-off")).toBeNull();
  });
});
