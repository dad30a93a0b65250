import { describe, expect, it } from "vitest";
import { isFlexUrl, lastUsedTab } from "../../../src/domain/flex-tab.ts";

const ORIGINS = ["https://flex.twilio.com", "http://127.0.0.1:5173"];

describe("isFlexUrl", () => {
  it.each([
    ["https://flex.twilio.com/agent-desktop", true],
    ["https://flex.twilio.com", true],
    ["HTTPS://FLEX.TWILIO.COM:443/agent-desktop?x=1#y", true],
    ["http://127.0.0.1:5173/", true],
    // Same host, other port or scheme: a match pattern "https://flex.twilio.com/*" would take these.
    ["https://flex.twilio.com:8443/agent-desktop", false],
    ["http://flex.twilio.com/agent-desktop", false],
    ["http://127.0.0.1:5174/", false],
    ["https://evil.flex.twilio.com/", false],
    ["https://hunkware.chhj.com/leads/1", false],
    ["chrome://newtab/", false],
    ["not a url", false],
    ["", false],
  ])("%s → %s", (url, expected) => {
    expect(isFlexUrl(url, ORIGINS)).toBe(expected);
  });

  it("is never true without configured origins", () => {
    expect(isFlexUrl("https://flex.twilio.com/", [])).toBe(false);
  });
});

describe("lastUsedTab", () => {
  const isFlex = (url: string) => isFlexUrl(url, ORIGINS);

  it("takes the Flex tab the agent used last", () => {
    const tabs = [
      { id: 1, url: "https://flex.twilio.com/agent-desktop", lastAccessed: 10 },
      { id: 2, url: "https://flex.twilio.com/tasks", lastAccessed: 30 },
      { id: 3, url: "https://hunkware.chhj.com/leads/1", lastAccessed: 99 },
      { id: 4, lastAccessed: 99 },
      { id: 5, url: "https://flex.twilio.com:8443/", lastAccessed: 99 },
    ];
    expect(lastUsedTab(tabs, isFlex)?.id).toBe(2);
  });

  it("keeps the first of equally recent tabs, and counts an unknown lastAccessed as never", () => {
    const tabs = [
      { id: 1, url: "https://flex.twilio.com/" },
      { id: 2, url: "http://127.0.0.1:5173/" },
      { id: 3, url: "https://flex.twilio.com/", lastAccessed: 5 },
      { id: 4, url: "https://flex.twilio.com/", lastAccessed: 5 },
    ];
    expect(lastUsedTab(tabs, isFlex)?.id).toBe(3);
    expect(lastUsedTab(tabs.slice(0, 2), isFlex)?.id).toBe(1);
  });

  it("is null when no tab shows Flex (or its URL is hidden from us)", () => {
    expect(lastUsedTab([{ id: 1, url: "https://hunkware.chhj.com/" }, { id: 2 }], isFlex)).toBeNull();
    expect(lastUsedTab([], isFlex)).toBeNull();
  });
});
