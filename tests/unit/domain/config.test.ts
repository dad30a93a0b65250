import { describe, expect, it } from "vitest";
import {
  ADMIN_KEYS,
  type AdminKeyAccess,
  adminKeyAccess,
  agentMaySet,
  CONFIG_DEFAULTS,
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigRules,
  isUnderHunkware,
  originMatchPattern,
  resolveConfig,
  resolvePolicyAndOptions,
} from "../../../src/domain/config.ts";

const WQ = `WQ${"0123456789abcdef".repeat(2)}`;
const production: ConfigRules = { allowLoopbackHttp: false };
const sandbox: ConfigRules = { allowLoopbackHttp: true };

describe("CONFIG_DEFAULTS and CONFIG_KEYS", () => {
  it("are the contract's keys and defaults", () => {
    expect(CONFIG_KEYS).toEqual([
      "flexOrigins",
      "hunkwareUrl",
      "leadPath",
      "callerSearchPath",
      "tokenUrl",
      "acceptWindowSeconds",
      "reviewSeconds",
      "outboundCallerId",
      "customerServiceTarget",
      "fieldMap",
      "callbackMemoryDays",
      "prefetchOnOffer",
    ]);
    expect(CONFIG_DEFAULTS).toEqual({
      flexOrigins: ["https://flex.twilio.com"],
      hunkwareUrl: "https://hunkware.chhj.com",
      leadPath: "/leads/{lead_id}",
      callerSearchPath: "/search?phone={phone10}",
      tokenUrl: null,
      acceptWindowSeconds: 10,
      reviewSeconds: 15,
      outboundCallerId: "+18553409128",
      customerServiceTarget: null,
      fieldMap: {},
      callbackMemoryDays: 14,
      prefetchOnOffer: true,
    });
  });

  it("can't be changed through a resolved config", () => {
    const { config } = resolveConfig(undefined, undefined, production);
    config.flexOrigins.push("https://evil.example");
    config.fieldMap.x = "y";
    expect(CONFIG_DEFAULTS.flexOrigins).toEqual(["https://flex.twilio.com"]);
    expect(CONFIG_DEFAULTS.fieldMap).toEqual({});
    expect(Object.isFrozen(CONFIG_DEFAULTS.flexOrigins)).toBe(true);
  });
});

describe("resolveConfig", () => {
  it("uses the defaults when nothing is set", () => {
    for (const input of [undefined, null, {}, "nonsense", [1, 2], 42]) {
      const resolved = resolveConfig(input, input, production);
      expect(resolved.config).toEqual(CONFIG_DEFAULTS);
      expect(Object.values(resolved.sources).every((source) => source === "default")).toBe(true);
      expect(resolved.problems).toEqual([]);
    }
  });

  it("takes policy over options, and options over defaults", () => {
    const resolved = resolveConfig(
      { reviewSeconds: 20, tokenUrl: "https://token.chhj.com/exchange" },
      { reviewSeconds: 30, acceptWindowSeconds: 12, tokenUrl: "https://other.example/t" },
      production,
    );
    expect(resolved.config.reviewSeconds).toBe(20);
    expect(resolved.config.tokenUrl).toBe("https://token.chhj.com/exchange");
    expect(resolved.config.acceptWindowSeconds).toBe(12);
    expect(resolved.sources).toMatchObject({
      reviewSeconds: "policy",
      tokenUrl: "policy",
      acceptWindowSeconds: "options",
      hunkwareUrl: "default",
    });
    expect(resolved.problems).toEqual([]);
  });

  it("treats null and blank text as not set, so a cleared options field means the default", () => {
    const resolved = resolveConfig(
      { tokenUrl: null, hunkwareUrl: "  " },
      { tokenUrl: "", hunkwareUrl: "" },
      production,
    );
    expect(resolved.config.tokenUrl).toBeNull();
    expect(resolved.config.hunkwareUrl).toBe(CONFIG_DEFAULTS.hunkwareUrl);
    expect(resolved.sources.tokenUrl).toBe("default");
    expect(resolved.problems).toEqual([]);
  });

  it("ignores unknown keys and inherited properties", () => {
    const options = Object.create({ reviewSeconds: 99 }) as Record<string, unknown>;
    options.somethingElse = "x";
    const resolved = resolveConfig({ hunkwareUrlTypo: "https://x.example" }, options, production);
    expect(resolved.config).toEqual(CONFIG_DEFAULTS);
    expect(resolved.problems).toEqual([]);
  });

  it("falls back to the default, not to options, when a policy value is invalid", () => {
    const resolved = resolveConfig(
      { tokenUrl: "ftp://token" },
      { tokenUrl: "https://agent-chosen.example" },
      production,
    );
    expect(resolved.config.tokenUrl).toBeNull();
    expect(resolved.sources.tokenUrl).toBe("default");
    expect(resolved.problems).toEqual([
      { key: "tokenUrl", source: "policy", message: expect.stringContaining("tokenUrl") },
    ]);
  });

  it("reports an invalid options value and uses the default", () => {
    const resolved = resolveConfig({}, { reviewSeconds: 0 }, production);
    expect(resolved.config.reviewSeconds).toBe(15);
    expect(resolved.sources.reviewSeconds).toBe("default");
    expect(resolved.problems).toEqual([
      {
        key: "reviewSeconds",
        source: "options",
        message: "reviewSeconds must be a whole number of seconds from 1 to 300, but it is 0.",
      },
    ]);
  });

  describe("accepts and normalises valid values", () => {
    it.each<[ConfigKey, unknown, unknown]>([
      ["flexOrigins", ["https://flex.twilio.com/"], ["https://flex.twilio.com"]],
      ["flexOrigins", ["HTTPS://Flex.Twilio.com:443"], ["https://flex.twilio.com"]],
      ["hunkwareUrl", "https://hunkware.chhj.com/", "https://hunkware.chhj.com"],
      ["hunkwareUrl", "https://hunkware.chhj.com/crm//", "https://hunkware.chhj.com/crm"],
      ["leadPath", "/crm/leads/{lead_id}?from={phone10}", "/crm/leads/{lead_id}?from={phone10}"],
      ["leadPath", "/leads/{lead_id}/{zip}", "/leads/{lead_id}/{zip}"],
      [
        "callerSearchPath",
        "/search?phone={phone10}&sid={call_sid}",
        "/search?phone={phone10}&sid={call_sid}",
      ],
      ["callerSearchPath", "/search", "/search"],
      // The number in the fragment: the browser never sends it to Hunkware's server.
      ["callerSearchPath", "/search#phone={phone10}", "/search#phone={phone10}"],
      ["leadPath", "/leads/{lead_id}#phone={phone10}", "/leads/{lead_id}#phone={phone10}"],
      ["tokenUrl", " https://token.chhj.com/exchange?tenant=a ", "https://token.chhj.com/exchange?tenant=a"],
      ["acceptWindowSeconds", 1, 1],
      ["acceptWindowSeconds", 300, 300],
      ["reviewSeconds", 15.0, 15],
      ["outboundCallerId", "(855) 340-9128", "+18553409128"],
      ["outboundCallerId", "9-1-855-340-9128", "+18553409128"],
      ["customerServiceTarget", WQ, WQ],
      [
        "customerServiceTarget",
        ` ${WQ.toUpperCase().replace("WQ", "wq")} `,
        WQ.toUpperCase().replace("WQ", "wq"),
      ],
      [
        "fieldMap",
        { "#client-name": "name", "input[name=zip]": " zip " },
        { "#client-name": "name", "input[name=zip]": "zip" },
      ],
      ["fieldMap", {}, {}],
      ["prefetchOnOffer", false, false],
      ["prefetchOnOffer", true, true],
    ])("%s = %j", (key, value, expected) => {
      const resolved = resolveConfig({ [key]: value }, {}, production);
      expect(resolved.problems).toEqual([]);
      expect(resolved.config[key]).toEqual(expected);
      expect(resolved.sources[key]).toBe("policy");
    });

    it("keeps a fieldMap key named __proto__ as a key", () => {
      const fieldMap = JSON.parse('{"__proto__": "name"}') as unknown;
      const { config } = resolveConfig({}, { fieldMap }, production);
      expect(Object.hasOwn(config.fieldMap, "__proto__")).toBe(true);
      expect(Object.getPrototypeOf(config.fieldMap)).toBe(Object.prototype);
    });
  });

  describe("reports every kind of invalid value", () => {
    it.each<[ConfigKey, unknown, RegExp]>([
      ["flexOrigins", "https://flex.twilio.com", /flexOrigins must be a list of origins/],
      ["flexOrigins", [], /flexOrigins must list at least one origin/],
      [
        "flexOrigins",
        ["https://flex.twilio.com/agent-desktop"],
        /"https:\/\/flex.twilio.com\/agent-desktop" is not an http\(s\) origin without a path/,
      ],
      [
        "flexOrigins",
        ["https://flex.twilio.com", "ftp://flex.twilio.com"],
        /flexOrigins entry "ftp:\/\/flex.twilio.com"/,
      ],
      ["flexOrigins", ["flex.twilio.com"], /flexOrigins entry "flex.twilio.com"/],
      ["flexOrigins", ["https://flex.twilio.com/?x=1"], /flexOrigins entry/],
      ["flexOrigins", ["https://flex.twilio.com#top"], /flexOrigins entry/],
      ["flexOrigins", ["https://user:pw@flex.twilio.com"], /flexOrigins entry/],
      ["flexOrigins", ["https://*.twilio.com"], /flexOrigins entry "https:\/\/\*.twilio.com"/],
      ["flexOrigins", [42], /flexOrigins entry 42/],
      ["hunkwareUrl", "hunkware.chhj.com", /hunkwareUrl must be an http\(s\) URL/],
      ["hunkwareUrl", "javascript:alert(1)", /hunkwareUrl must be an http\(s\) URL/],
      ["hunkwareUrl", 7, /hunkwareUrl must be an http\(s\) URL .* but it is 7\./],
      // A policy value of the wrong type: an admin who wrote the word instead of the boolean.
      ["prefetchOnOffer", "false", /prefetchOnOffer must be true or false, but it is "false"\./],
      ["prefetchOnOffer", 0, /prefetchOnOffer must be true or false, but it is 0\./],
      ["hunkwareUrl", "https://hunkware.chhj.com/?tab=1", /hunkwareUrl must not have a query/],
      ["hunkwareUrl", "https://hunkware.chhj.com/#x", /hunkwareUrl must not have a query or "#" part/],
      ["tokenUrl", "file:///etc/passwd", /tokenUrl must be an http\(s\) URL/],
      ["tokenUrl", "not a url", /tokenUrl must be an http\(s\) URL, but it is "not a url"\./],
      [
        "tokenUrl",
        { url: "https://x" },
        /tokenUrl must be an http\(s\) URL, but it is \{"url":"https:\/\/x"\}\./,
      ],
      ["leadPath", "leads/{lead_id}", /leadPath must be a path starting with a single "\/"/],
      ["leadPath", "//evil.example/{lead_id}", /leadPath must be a path starting with a single "\/"/],
      ["leadPath", ["/leads"], /leadPath must be a path/],
      ["leadPath", "/leads/{lead_id", /leadPath has a brace that isn't a \{placeholder\}/],
      ["leadPath", "/leads/{}", /leadPath has a brace/],
      ["leadPath", "/leads/{lead id}", /leadPath has a brace/],
      ["leadPath", "/leads/lead_id}", /leadPath has a brace/],
      [
        "leadPath",
        "/leads/{leadId}",
        /leadPath uses \{leadId\}, which can't be filled in; it can use \{lead_id\}/,
      ],
      [
        "callerSearchPath",
        "/search?lead={lead_id}",
        /callerSearchPath uses \{lead_id\}, which can't be filled in; it can use \{phone10\}/,
      ],
      ["callerSearchPath", "/search?phone={phone}", /callerSearchPath uses \{phone\}/],
      ["callerSearchPath", "search?phone={phone10}", /callerSearchPath must be a path starting/],
      [
        "acceptWindowSeconds",
        0,
        /acceptWindowSeconds must be a whole number of seconds from 1 to 300, but it is 0\./,
      ],
      ["acceptWindowSeconds", 301, /but it is 301\./],
      ["acceptWindowSeconds", -5, /but it is -5\./],
      ["acceptWindowSeconds", 2.5, /but it is 2.5\./],
      ["acceptWindowSeconds", "10", /but it is "10"\./],
      ["reviewSeconds", Number.NaN, /reviewSeconds must be a whole number .* but it is NaN\./],
      ["reviewSeconds", true, /reviewSeconds must be a whole number .* but it is true\./],
      [
        "outboundCallerId",
        "+44 20 7946 0958",
        /outboundCallerId must be a valid NANP number, but "\+44 20 7946 0958" is not: Country code \+44/,
      ],
      ["outboundCallerId", "855-340-912", /outboundCallerId .* 9 digits/],
      ["outboundCallerId", "617-211-5555", /outboundCallerId .* Exchange code 211/],
      ["outboundCallerId", 18553409128, /outboundCallerId must be a phone number as text/],
      [
        "customerServiceTarget",
        "WQ123",
        /customerServiceTarget must be a TaskQueue SID \("WQ" and 32 hex digits\), but it is "WQ123"\./,
      ],
      ["customerServiceTarget", `WK${"0".repeat(32)}`, /customerServiceTarget must be a TaskQueue SID/],
      ["customerServiceTarget", `${WQ}0`, /customerServiceTarget must be a TaskQueue SID/],
      ["customerServiceTarget", `WQ${"g".repeat(32)}`, /customerServiceTarget must be a TaskQueue SID/],
      [
        "fieldMap",
        ["#name"],
        /fieldMap must be an object of CSS selector → task attribute name, but it is \["#name"\]\./,
      ],
      ["fieldMap", "name", /fieldMap must be an object/],
      ["fieldMap", () => ({}), /fieldMap must be an object .* but it is function\./],
      ["fieldMap", { "#name": 5 }, /fieldMap entry "#name" → 5 must map a CSS selector to an attribute name/],
      ["fieldMap", { "#name": "  " }, /fieldMap entry "#name" → " {2}"/],
      ["fieldMap", { " ": "name" }, /fieldMap entry " " → "name"/],
    ])("%s = %j", (key, value, message) => {
      for (const source of ["policy", "options"] as const) {
        const resolved = resolveConfig(
          source === "policy" ? { [key]: value } : {},
          source === "options" ? { [key]: value } : {},
          production,
        );
        expect(resolved.config[key]).toEqual(CONFIG_DEFAULTS[key]);
        expect(resolved.sources[key]).toBe("default");
        expect(resolved.problems).toHaveLength(1);
        expect(resolved.problems[0]).toEqual({ key, source, message: expect.stringMatching(message) });
      }
    });
  });

  it("quotes long invalid values briefly", () => {
    const { problems } = resolveConfig({ hunkwareUrl: "x".repeat(1000) }, {}, production);
    expect(problems[0]?.message.length).toBeLessThan(200);
    expect(problems[0]?.message).toContain("…");
  });

  it("reports several problems at once, keeping the valid values", () => {
    const resolved = resolveConfig(
      { acceptWindowSeconds: 400, hunkwareUrl: "https://hw.example" },
      { reviewSeconds: "fast", customerServiceTarget: WQ },
      production,
    );
    expect(resolved.problems.map((problem) => [problem.key, problem.source])).toEqual([
      ["acceptWindowSeconds", "policy"],
      ["reviewSeconds", "options"],
    ]);
    expect(resolved.config.hunkwareUrl).toBe("https://hw.example");
    expect(resolved.config.customerServiceTarget).toBe(WQ);
  });
});

describe("originMatchPattern", () => {
  it.each([
    ["http://127.0.0.1:5173", "http://127.0.0.1:5173/*"],
    ["https://flex.twilio.com", "https://flex.twilio.com/*"],
    ["https://flex.twilio.com/", "https://flex.twilio.com/*"],
    ["HTTPS://FLEX.twilio.com:443", "https://flex.twilio.com/*"],
  ])("%s → %s", (origin, pattern) => {
    expect(originMatchPattern(origin)).toBe(pattern);
  });

  it("throws on something that isn't a URL", () => {
    expect(() => originMatchPattern("flex.twilio.com")).toThrow();
  });
});

describe("isUnderHunkware", () => {
  it.each([
    ["https://hunkware.chhj.com", "https://hunkware.chhj.com", true],
    ["https://hunkware.chhj.com/leads/L-1?x=1#top", "https://hunkware.chhj.com", true],
    ["https://hunkware.chhj.com/leads/L-1", "https://hunkware.chhj.com/", true],
    ["https://evil.example/leads/L-1", "https://hunkware.chhj.com", false],
    ["http://hunkware.chhj.com/leads", "https://hunkware.chhj.com", false],
    ["https://hunkware.chhj.com:8443/leads", "https://hunkware.chhj.com", false],
    ["https://hunkware.chhj.com.evil.example/", "https://hunkware.chhj.com", false],
    ["http://127.0.0.1:4000/hunkware", "http://127.0.0.1:4000/hunkware", true],
    ["http://127.0.0.1:4000/hunkware/leads/1", "http://127.0.0.1:4000/hunkware/", true],
    ["http://127.0.0.1:4000/hunkware-admin", "http://127.0.0.1:4000/hunkware", false],
    ["http://127.0.0.1:4000/other", "http://127.0.0.1:4000/hunkware", false],
    ["not a url", "https://hunkware.chhj.com", false],
    ["https://hunkware.chhj.com/", "not a url", false],
    ["data:text/html,hi", "data:text/html,hi", false],
  ])("%s under %s → %s", (url, base, expected) => {
    expect(isUnderHunkware(url, base)).toBe(expected);
  });
});

describe("plain http: only the sandbox build, only on this machine", () => {
  const WHY = {
    tokenUrl: "the Flex token must never cross the network in clear",
    hunkwareUrl: "Hunkware's pages show and receive client details",
    flexOrigins: "the Flex token is read from Flex's pages and must never cross the network in clear",
  };

  it.each<[ConfigKey, unknown, string]>([
    [
      "tokenUrl",
      "http://tokens.example/token",
      `tokenUrl must use https: (${WHY.tokenUrl}), but it is "http://tokens.example/token".`,
    ],
    [
      "hunkwareUrl",
      "http://hunkware.example/crm",
      `hunkwareUrl must use https: (${WHY.hunkwareUrl}), but it is "http://hunkware.example/crm".`,
    ],
    [
      "flexOrigins",
      ["http://flex.example"],
      `flexOrigins entry "http://flex.example" must use https: (${WHY.flexOrigins}).`,
    ],
    [
      "flexOrigins",
      ["https://flex.twilio.com", "http://flex.example:8080"],
      `flexOrigins entry "http://flex.example:8080" must use https: (${WHY.flexOrigins}).`,
    ],
    // Loopback is no exception in production: a build that ships never talks to a test server.
    [
      "tokenUrl",
      "http://127.0.0.1:9/token",
      `tokenUrl must use https: (${WHY.tokenUrl}), but it is "http://127.0.0.1:9/token".`,
    ],
    [
      "hunkwareUrl",
      "http://localhost:4000",
      `hunkwareUrl must use https: (${WHY.hunkwareUrl}), but it is "http://localhost:4000".`,
    ],
    [
      "flexOrigins",
      ["http://127.0.0.1:5173"],
      `flexOrigins entry "http://127.0.0.1:5173" must use https: (${WHY.flexOrigins}).`,
    ],
  ])("production refuses %s = %j, from policy and from options", (key, value, message) => {
    for (const source of ["policy", "options"] as const) {
      const layer = { [key]: value };
      const resolved = resolveConfig(
        source === "policy" ? layer : {},
        source === "options" ? layer : {},
        production,
      );
      expect(resolved.config[key]).toEqual(CONFIG_DEFAULTS[key]);
      expect(resolved.sources[key]).toBe("default");
      expect(resolved.problems).toEqual([{ key, source, message }]);
    }
  });

  it.each<[ConfigKey, unknown, unknown]>([
    ["tokenUrl", "https://tokens.example/token", "https://tokens.example/token"],
    ["hunkwareUrl", "https://hunkware.example/crm/", "https://hunkware.example/crm"],
    [
      "flexOrigins",
      ["https://flex.twilio.com", "https://flex.example:8443"],
      ["https://flex.twilio.com", "https://flex.example:8443"],
    ],
  ])("production accepts %s = %j", (key, value, expected) => {
    const resolved = resolveConfig({ [key]: value }, {}, production);
    expect(resolved.problems).toEqual([]);
    expect(resolved.config[key]).toEqual(expected);
  });

  it.each<[ConfigKey, unknown, unknown]>([
    ["tokenUrl", "http://127.0.0.1:9000", "http://127.0.0.1:9000/"],
    ["tokenUrl", "http://localhost/token", "http://localhost/token"],
    ["tokenUrl", "https://tokens.example/token", "https://tokens.example/token"],
    ["hunkwareUrl", "http://127.0.0.1:4000/hunkware//", "http://127.0.0.1:4000/hunkware"],
    ["hunkwareUrl", "http://LOCALHOST:4000", "http://localhost:4000"],
    [
      "flexOrigins",
      ["http://127.0.0.1:5173", "http://localhost:8080/", "https://flex.twilio.com", "http://127.0.0.1:5173"],
      ["http://127.0.0.1:5173", "http://localhost:8080", "https://flex.twilio.com"],
    ],
  ])("the sandbox accepts %s = %j", (key, value, expected) => {
    const resolved = resolveConfig({}, { [key]: value }, sandbox);
    expect(resolved.problems).toEqual([]);
    expect(resolved.config[key]).toEqual(expected);
  });

  it.each<[ConfigKey, unknown, string]>([
    ["tokenUrl", "http://tokens.example/token", "http://tokens.example/token"],
    ["tokenUrl", "http://10.0.0.5:9/token", "http://10.0.0.5:9/token"],
    ["hunkwareUrl", "http://localhost.evil.example", "http://localhost.evil.example"],
    ["hunkwareUrl", "http://127.0.0.2", "http://127.0.0.2"],
    ["flexOrigins", ["http://127.0.0.1:5173", "http://flex.example"], "http://flex.example"],
    // Not in the sandbox's host permissions (scripts/sandbox-hosts.ts): the extension couldn't reach it.
    ["flexOrigins", ["http://[::1]:5173"], "http://[::1]:5173"],
  ])("the sandbox refuses %s = %j", (key, value, quoted) => {
    const resolved = resolveConfig({}, { [key]: value }, sandbox);
    expect(resolved.config[key]).toEqual(CONFIG_DEFAULTS[key]);
    expect(resolved.problems).toEqual([
      {
        key,
        source: "options",
        message: expect.stringMatching(
          new RegExp(
            `^${key}( entry "${quoted.replace(/[.[\]]/g, "\\$&")}")? must use https: .*` +
              "Only 127\\.0\\.0\\.1 and localhost may use http: in this sandbox build\\.$",
          ),
        ),
      },
    ]);
  });
});

describe("who sets the keys that decide where tokens and client data go", () => {
  const sandboxBuild: ConfigRules = { allowLoopbackHttp: true, agentSetsAdminKeys: true };
  const ALLOWED = { allowAgentEndpoints: true };
  /** A valid stored value for each admin key, and what it resolves to. */
  const STORED: Record<string, [unknown, unknown]> = {
    flexOrigins: [["https://flex.elsewhere.example"], ["https://flex.elsewhere.example"]],
    hunkwareUrl: ["https://crm.elsewhere.example", "https://crm.elsewhere.example"],
    tokenUrl: ["https://tokens.elsewhere.example/t", "https://tokens.elsewhere.example/t"],
    customerServiceTarget: [WQ, WQ],
    fieldMap: [{ "#notes": "phone" }, { "#notes": "phone" }],
  };

  it("are exactly tokenUrl, flexOrigins, hunkwareUrl, fieldMap and customerServiceTarget", () => {
    expect([...ADMIN_KEYS].sort()).toEqual(
      ["customerServiceTarget", "fieldMap", "flexOrigins", "hunkwareUrl", "tokenUrl"].sort(),
    );
    expect(Object.keys(STORED).sort()).toEqual([...ADMIN_KEYS].sort());
  });

  it.each<[string, ConfigRules, unknown, AdminKeyAccess]>([
    ["production, no policy", production, {}, "admin-only"],
    ["production, no policy storage at all", production, undefined, "admin-only"],
    ["production, rules without the flag", { allowLoopbackHttp: false }, {}, "admin-only"],
    ["production, allowAgentEndpoints true", production, ALLOWED, "allowed-by-policy"],
    ["production, allowAgentEndpoints false", production, { allowAgentEndpoints: false }, "admin-only"],
    // Chrome drops a wrong-typed value; if one got through, it opens nothing.
    ["production, allowAgentEndpoints as text", production, { allowAgentEndpoints: "true" }, "admin-only"],
    ["production, allowAgentEndpoints 1", production, { allowAgentEndpoints: 1 }, "admin-only"],
    ["sandbox, no policy", sandboxBuild, {}, "sandbox"],
    ["sandbox, allowAgentEndpoints false", sandboxBuild, { allowAgentEndpoints: false }, "sandbox"],
  ])("%s: %s", (_, rules, managed, access) => {
    expect(adminKeyAccess(managed, rules)).toBe(access);
  });

  it.each<AdminKeyAccess>(["admin-only", "sandbox", "allowed-by-policy"])(
    "with access %s, the agent may set every key but the admin keys, and those only if allowed",
    (access) => {
      const maySet = CONFIG_KEYS.filter((key) => agentMaySet(key, access));
      const agentKeys = CONFIG_KEYS.filter((key) => !ADMIN_KEYS.includes(key));
      expect(maySet).toEqual(access === "admin-only" ? agentKeys : CONFIG_KEYS);
    },
  );

  it.each(Object.keys(STORED) as ConfigKey[])(
    "production ignores %s saved on the options page: the default is used, and it says so",
    (key) => {
      const [raw] = STORED[key] ?? [];
      const resolved = resolvePolicyAndOptions({}, { [key]: raw, reviewSeconds: 20 }, production);
      expect(resolved.adminKeys).toBe("admin-only");
      expect(resolved.config[key]).toEqual(CONFIG_DEFAULTS[key]);
      expect(resolved.sources[key]).toBe("default");
      expect(resolved.problems).toEqual([
        {
          key,
          source: "options",
          ignored: true,
          message: `${key} is set only by your administrator's policy; the value saved on the options page is ignored.`,
        },
      ]);
      // The agent's own preferences still come from the options page.
      expect(resolved.config.reviewSeconds).toBe(20);
      expect(resolved.sources.reviewSeconds).toBe("options");
    },
  );

  it.each(Object.keys(STORED) as ConfigKey[])(
    "the sandbox build, and production with allowAgentEndpoints, take %s from the options page",
    (key) => {
      const [raw, expected] = STORED[key] ?? [];
      for (const [managed, rules, access] of [
        [{}, sandboxBuild, "sandbox"],
        [ALLOWED, production, "allowed-by-policy"],
      ] as const) {
        const resolved = resolvePolicyAndOptions(managed, { [key]: raw }, rules);
        expect(resolved.adminKeys).toBe(access);
        expect(resolved.problems).toEqual([]);
        expect(resolved.config[key]).toEqual(expected);
        expect(resolved.sources[key]).toBe("options");
      }
    },
  );

  it("takes the admin keys from policy in production, and then says nothing of a stored value", () => {
    const resolved = resolvePolicyAndOptions(
      { tokenUrl: "https://tokens.chhj.com/t" },
      { tokenUrl: "https://tokens.elsewhere.example/t" },
      production,
    );
    expect(resolved.config.tokenUrl).toBe("https://tokens.chhj.com/t");
    expect(resolved.sources.tokenUrl).toBe("policy");
    expect(resolved.problems).toEqual([]);
  });

  it("with allowAgentEndpoints, policy still wins over the agent's value", () => {
    const resolved = resolvePolicyAndOptions(
      { ...ALLOWED, tokenUrl: "https://tokens.chhj.com/t" },
      { tokenUrl: "https://tokens.elsewhere.example/t", hunkwareUrl: "https://crm.elsewhere.example" },
      production,
    );
    expect(resolved.config.tokenUrl).toBe("https://tokens.chhj.com/t");
    expect(resolved.sources).toMatchObject({ tokenUrl: "policy", hunkwareUrl: "options" });
  });

  it("never takes allowAgentEndpoints from the options page", () => {
    const resolved = resolvePolicyAndOptions(
      {},
      { allowAgentEndpoints: true, tokenUrl: "https://tokens.elsewhere.example/t" },
      production,
    );
    expect(resolved.adminKeys).toBe("admin-only");
    expect(resolved.config.tokenUrl).toBeNull();
    expect(resolved.problems).toEqual([expect.objectContaining({ key: "tokenUrl", ignored: true })]);
  });

  it("ignores a stored admin value unread: an invalid one is ignored, not reported as invalid", () => {
    const resolved = resolvePolicyAndOptions({}, { hunkwareUrl: "ftp://x" }, production);
    expect(resolved.problems).toEqual([expect.objectContaining({ key: "hunkwareUrl", ignored: true })]);
  });

  it("still checks an agent's admin value by the build's rules where it is allowed", () => {
    const http = { tokenUrl: "http://127.0.0.1:9/token" };
    expect(resolvePolicyAndOptions(ALLOWED, http, production).problems).toEqual([
      expect.objectContaining({
        key: "tokenUrl",
        source: "options",
        message: expect.stringMatching(/https/),
      }),
    ]);
    expect(resolvePolicyAndOptions({}, http, sandboxBuild).config.tokenUrl).toBe("http://127.0.0.1:9/token");
  });

  it("resolveConfig, for a configuration already read (the start-up snapshot), trusts both layers", () => {
    const resolved = resolveConfig(undefined, { tokenUrl: "https://tokens.chhj.com/t" }, production);
    expect(resolved.config.tokenUrl).toBe("https://tokens.chhj.com/t");
    expect(resolved.problems).toEqual([]);
  });
});
