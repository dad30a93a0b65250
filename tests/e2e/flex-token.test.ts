/**
 * The Flex token as the extension meets it in a real Flex (docs/flex-token.md): Twilio's five-part
 * JWE, an older Flex's three-part JWT, and a token in a shape the extension can't take, which must
 * never leave the agent waiting in silence.
 */
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../../driver/index.ts";
import { agentInFlex } from "./support/agent-in-flex.ts";
import { screenshotOnFailure } from "./support/screenshots.ts";

const flexToken = (flex: Page) =>
  flex.evaluate(() => window.Twilio?.Flex?.Manager?.getInstance().user.token ?? "");

describe.each([
  { flexRelease: "today's Flex: Twilio's five-part JWE", query: "", parts: 5 },
  { flexRelease: "an older Flex: a three-part JWT", query: "?tokenFormat=jwt", parts: 3 },
])("signing in with $flexRelease", ({ query, parts }) => {
  const agent = agentInFlex({ flexPath: query, waitConnected: false });

  it("connects with the token the Flex page holds", async () => {
    await agent.hb.waitForTestId(agent.popup, "hb-connection", /^Connected$/);
    const token = (await flexToken(agent.flex)).split(".");
    expect(token).toHaveLength(parts);
    // A JWE in direct-key mode has an empty encrypted-key part; a JWT's second part is its payload.
    expect(token[1] === "").toBe(parts === 5);
  });
});

describe("a Flex token the extension can't take", () => {
  let hb: Harness;
  let flex: Page;
  const warnings: string[] = [];

  beforeAll(async () => {
    hb = await startHarness();
    flex = await hb.chromium.browser.newPage();
    flex.on("console", (message) => {
      if (message.type() === "warn") warnings.push(message.text());
    });
    // A Flex whose token comes in another shape (standard base64 with padding): Flex itself signs
    // in as usual; what the page's Manager shows, and the extension reads, is the new shape.
    await flex.evaluateOnNewDocument(() => {
      const changed = "eyJ6aXAiOiJERUYifQ..AAAA+BBBB/CCCC.DDDD+EEEE/FFFF==.GGGG";
      let current: unknown;
      Object.defineProperty(window, "Twilio", {
        configurable: true,
        get: () => current,
        set(value: { Flex?: { Manager?: { getInstance(): { user: object } } } }) {
          const manager = value?.Flex?.Manager;
          if (!manager) {
            current = value;
            return;
          }
          const getInstance = () => {
            const instance = manager.getInstance();
            return { ...instance, user: { ...instance.user, token: changed } };
          };
          current = { ...value, Flex: { ...value.Flex, Manager: { getInstance } } };
        },
      });
    });
    await flex.goto(hb.stack.flexUrl);
    // Both tests are about what follows the refusal: have it happen first, whichever test runs first.
    await eventually(
      () => warnings.some((w) => w.includes("the service worker did not take the Flex token")),
      (refused) => refused,
      { what: "the relay's warning that the service worker refused the Flex token" },
    );
  });
  afterAll(async () => hb?.close());
  afterEach(
    screenshotOnFailure(
      () => hb,
      () => [flex],
    ),
  );

  it("says why in the popup, and the relay logs it in Flex's console", async () => {
    const popup = await hb.openPopup();
    await hb.waitForTestId(popup, "hb-connection", /^Waiting for Flex$/);
    await popup.waitForFunction(
      () => document.body.textContent?.includes("Flex handed over a sign-in token HunkBridge cannot use"),
      { polling: 100, timeout: 15_000 },
    );
    expect(await popup.evaluate(() => document.body.textContent)).toContain(
      "the Flex token has characters other than base64url letters and dots",
    );
    expect(warnings.join("\n")).toMatch(
      /HunkBridge: the service worker did not take the Flex token: invalid message at token: the Flex token has characters other than base64url letters and dots/,
    );
    // The token itself is never echoed.
    expect(warnings.join("\n")).not.toContain("AAAA+BBBB");
    await popup.close();
  });

  it("says why in the options page's connection test", async () => {
    const options = await hb.chromium.browser.newPage();
    await options.goto(`chrome-extension://${hb.extensionId}/options/index.html`);
    await options.click('[data-testid="hb-connection-test"] button');
    await options.waitForSelector('[data-check="Sign-in"]');
    const signIn = await options.$eval('[data-check="Sign-in"]', (li) => ({
      ok: (li as HTMLElement).dataset.ok,
      text: li.textContent,
    }));
    expect(signIn.ok).toBe("false");
    expect(signIn.text).toMatch(/Waiting for Flex: Flex handed over a sign-in token HunkBridge cannot use/);
    await options.close();
  });
});

describe("a page script that sends the token reader's old hand-over event (issue #23)", () => {
  const timeline: Array<{ at: number; line: string }> = [];
  const agent = agentInFlex({ log: (line) => timeline.push({ at: Date.now(), line }) });

  it("does not stop it: Flex's next token still reaches the extension", async () => {
    await agent.flex.evaluate(() => {
      document.dispatchEvent(new Event("hunkbridge:claim:flex-token-reader", { cancelable: true }));
    });
    const from = timeline.length;
    const { flexToken: renewed } = await agent.hb.admin<{ flexToken: string }>("POST", "/flex-token", {
      identity: agent.hb.stack.identity,
    });
    await agent.flex.evaluate((token) => {
      const manager = (
        window as unknown as { Twilio: { Flex: { Manager: { getInstance(): { user: { token: string } } } } } }
      ).Twilio.Flex.Manager;
      manager.getInstance().user.token = token;
    }, renewed);
    // The extension exchanged the renewed token: the reader handed it over.
    await eventually(
      () => timeline.slice(from).some((l) => l.line.startsWith("token issued")),
      (issued) => issued,
      { what: "the renewed Flex token exchanged by the extension" },
    );
    expect(await agent.hb.waitForTestId(agent.popup, "hb-connection")).toBe("Connected");
  });
});
