/**
 * Token refresh: the extension asks the token service for a new worker token before the old one
 * expires and hands it to the same TaskRouter connection, so the agent never drops off.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../../driver/index.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

const TTL_SECONDS = 12;

describe("worker token refresh", () => {
  let hb: Harness;
  let popup: Page;
  /** The emulator's timeline, each line with when it was logged. */
  const timeline: Array<{ at: number; line: string }> = [];

  beforeAll(async () => {
    hb = await startHarness({
      workerTokenTtlSeconds: TTL_SECONDS,
      log: (line) => timeline.push({ at: Date.now(), line }),
    });
    await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [popup],
    ),
  );

  it("renews the worker token before it expires, on the same connection", async () => {
    const issuedTokens = () => timeline.filter((l) => l.line.startsWith("token issued"));
    const opened = () => timeline.filter((l) => l.line.startsWith("socket opened")).length;
    const [issuedBefore, openedBefore] = [issuedTokens().length, opened()];
    expect(openedBefore).toBe(2); // Flex's page and the extension
    // When the newest token issued so far stops being valid ("token issued for …, expires in 12s"):
    // Flex's page exchanges too, so that is past the extension's first token, whichever came last.
    const last = issuedTokens().at(-1);
    const expiresIn = Number(/expires in (\d+)s/.exec(last?.line ?? "")?.[1]);
    expect(expiresIn).toBeGreaterThan(TTL_SECONDS - 2);
    expect(expiresIn).toBeLessThanOrEqual(TTL_SECONDS);
    const firstExpiry = (last?.at ?? 0) + expiresIn * 1000;
    // The extension refreshes at 80 % of a short lifetime: about 9.6 s in.
    await expect
      .poll(() => issuedTokens().length, { timeout: TTL_SECONDS * 1000, interval: 200 })
      .toBeGreaterThan(issuedBefore);
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    // Past the first token's expiry (a clock the test waits on, not a pause to let things settle),
    // the agent is still connected and can act through it.
    await eventually(
      () => Date.now(),
      (now) => now > firstExpiry + 500,
      { what: "the first token's expiry", timeoutMs: TTL_SECONDS * 1000 },
    );
    await popup.bringToFront();
    await popup.click('[data-testid="hb-set-available"]');
    await hb.waitForTestId(popup, "hb-activity", /^Available$/);
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    // Nobody had to reconnect: the new token went to the open connection.
    expect(opened()).toBe(openedBefore);
  });
});

describe("a token service that asks to wait (Retry-After)", () => {
  let hb: Harness;
  let flex: Page;
  let popup: Page;
  const timeline: Array<{ at: number; line: string }> = [];

  beforeAll(async () => {
    hb = await startHarness({ log: (line) => timeline.push({ at: Date.now(), line }) });
    flex = await hb.openFlex();
    popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Connected$/);
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex, popup],
    ),
  );

  it("asks no sooner than the service's Retry-After, keeping the live connection meanwhile", async () => {
    const RETRY_AFTER_SECONDS = 4;
    await hb.admin("POST", "/token-service/fail-next", {
      status: 503,
      count: 1,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
    const from = timeline.length;
    // Flex renews its token: only the extension exchanges it (the page's own worker keeps its own).
    const { flexToken } = await hb.admin<{ flexToken: string }>("POST", "/flex-token", {
      identity: hb.stack.identity,
    });
    await flex.evaluate((token) => {
      const manager = (
        window as unknown as { Twilio: { Flex: { Manager: { getInstance(): { user: { token: string } } } } } }
      ).Twilio.Flex.Manager;
      manager.getInstance().user.token = token;
    }, flexToken);
    const refused = await eventually(
      () => timeline.slice(from).find((l) => l.line.startsWith("token service: injected 503")),
      (l) => l !== undefined,
      { what: "the 503 with Retry-After" },
    );
    // The agent keeps working on the token they have, and is told when the next try is.
    await popup.bringToFront();
    expect(await hb.waitForTestId(popup, "hb-connection")).toBe("Connected");
    await popup.waitForFunction(
      () => /cannot sign you in now \(HTTP 503\)/.test(document.querySelector("main")?.textContent ?? ""),
      { polling: 100, timeout: 10_000 },
    );
    // The next request is the one after the wait: none came between.
    const next = await eventually(
      () => timeline.slice(from).find((l) => l.line.startsWith("token issued")),
      (l) => l !== undefined,
      { what: "the retry after Retry-After", timeoutMs: 30_000 },
    );
    const between = timeline
      .slice(from)
      .filter((l) => l.at > (refused?.at ?? 0) && l.at < (next?.at ?? 0) && l.line.startsWith("token"));
    expect(between).toEqual([]);
    expect((next?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000);
    await popup.waitForFunction(() => !/HTTP 503/.test(document.querySelector("main")?.textContent ?? ""), {
      polling: 100,
      timeout: 10_000,
    });
  });
});
