import { describe, expect, it } from "vitest";
import { applyEdits, isAdminOnly, isEditable, isLocked } from "../../../options/draft.ts";
import { fromText, toText } from "../../../options/fields.ts";
import { type ConfigRules, resolvePolicyAndOptions } from "../../../src/domain/config.ts";

const production: ConfigRules = { allowLoopbackHttp: false };
const sandbox: ConfigRules = { allowLoopbackHttp: true, agentSetsAdminKeys: true };

const resolve = (managed: Record<string, unknown>, stored: unknown, rules = production) => ({
  managed,
  stored,
  current: resolvePolicyAndOptions(managed, stored, rules),
});

describe("fields as text", () => {
  it("round-trips each kind", () => {
    expect(toText("flexOrigins", ["https://a.example", "https://b.example"])).toBe(
      "https://a.example\nhttps://b.example",
    );
    expect(fromText("flexOrigins", " https://a.example \n\n https://b.example ")).toEqual({
      ok: true,
      value: ["https://a.example", "https://b.example"],
    });
    expect(fromText("reviewSeconds", "20")).toEqual({ ok: true, value: 20 });
    expect(fromText("fieldMap", '{"#notes": "service"}')).toEqual({
      ok: true,
      value: { "#notes": "service" },
    });
    expect(toText("prefetchOnOffer", false)).toBe("false");
    expect(fromText("prefetchOnOffer", "false")).toEqual({ ok: true, value: false });
    expect(fromText("prefetchOnOffer", "true")).toEqual({ ok: true, value: true });
    expect(fromText("prefetchOnOffer", "off")).toEqual({ ok: true, value: "off" });
    expect(toText("tokenUrl", null)).toBe("");
    expect(fromText("tokenUrl", "   ")).toEqual({ ok: true, value: undefined });
  });

  it("keeps a non-number as typed, so the message quotes it", () => {
    expect(fromText("acceptWindowSeconds", "ten")).toEqual({ ok: true, value: "ten" });
  });

  it("explains broken JSON", () => {
    const parsed = fromText("fieldMap", "{nope");
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.message).toMatch(/^fieldMap is not valid JSON/);
  });
});

describe("applyEdits", () => {
  it("saves a valid edit and keeps the other stored options", () => {
    const { managed, stored, current } = resolve({}, { reviewSeconds: 20 });
    const result = applyEdits(managed, stored, current, { acceptWindowSeconds: "12" }, production);
    expect(result).toMatchObject({ ok: true, options: { reviewSeconds: 20, acceptWindowSeconds: 12 } });
    expect(result.ok && result.resolved.sources.acceptWindowSeconds).toBe("options");
  });

  it("refuses an invalid value with the validator's message and saves nothing", () => {
    const { managed, stored, current } = resolve({}, {});
    const result = applyEdits(
      managed,
      stored,
      current,
      { reviewSeconds: "0", leadPath: "leads/{lead_id}" },
      production,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.reviewSeconds).toMatch(/whole number of seconds from 1 to 300, but it is 0/);
    expect(result.errors.leadPath).toMatch(/path starting with a single "\/"/);
  });

  it("stores nothing for a cleared field or the default typed back in", () => {
    const { managed, stored, current } = resolve({}, { leadPath: "/crm/{lead_id}", reviewSeconds: 20 });
    const result = applyEdits(managed, stored, current, { leadPath: "", reviewSeconds: "15" }, production);
    expect(result).toMatchObject({ ok: true, options: {} });
    expect(result.ok && result.resolved.sources.reviewSeconds).toBe("default");
  });

  it("never overrides a key locked by policy, and keeps its stored option for later", () => {
    const { managed, stored, current } = resolve({ reviewSeconds: 30 }, { reviewSeconds: 20 });
    expect(isLocked(current, "reviewSeconds")).toBe(true);
    const result = applyEdits(managed, stored, current, { reviewSeconds: "5" }, production);
    expect(result).toMatchObject({ ok: true, options: { reviewSeconds: 20 } });
    expect(result.ok && result.resolved.config.reviewSeconds).toBe(30);
  });

  it("locks a key whose policy value is invalid: the default applies, not the agent's value", () => {
    const { current } = resolve({ reviewSeconds: 0 }, { reviewSeconds: 20 });
    expect(isLocked(current, "reviewSeconds")).toBe(true);
    expect(current.config.reviewSeconds).toBe(15);
  });

  it("drops an invalid stored value the page showed as the default", () => {
    const { managed, stored, current } = resolve({}, { acceptWindowSeconds: "ten", reviewSeconds: 20 });
    const result = applyEdits(managed, stored, current, { leadPath: "/l/{lead_id}" }, production);
    expect(result).toMatchObject({ ok: true, options: { reviewSeconds: 20, leadPath: "/l/{lead_id}" } });
    expect(result.ok && "acceptWindowSeconds" in result.options).toBe(false);
  });

  it("checks a typed URL by the build's rules, as the service worker does", () => {
    const typed = { tokenUrl: "http://127.0.0.1:9/token" };
    expect(applyEdits({}, {}, resolve({}, {}, sandbox).current, typed, sandbox)).toMatchObject({
      ok: true,
      options: typed,
    });
    expect(
      applyEdits({}, {}, resolve({}, {}, sandbox).current, { tokenUrl: "http://tokens.example/t" }, sandbox),
    ).toMatchObject({ ok: false, errors: { tokenUrl: expect.stringMatching(/^tokenUrl must use https: /) } });
    // A production install whose policy lets agents set the endpoints: https only, as for policy.
    const allowed = { allowAgentEndpoints: true };
    expect(applyEdits(allowed, {}, resolve(allowed, {}).current, typed, production)).toEqual({
      ok: false,
      errors: {
        tokenUrl:
          'tokenUrl must use https: (the Flex token must never cross the network in clear), but it is "http://127.0.0.1:9/token".',
      },
    });
  });

  describe("the keys that decide where tokens and client data go", () => {
    const ADMIN_EDITS = {
      tokenUrl: "https://evil.example/token",
      flexOrigins: "https://evil.example",
      hunkwareUrl: "https://evil.example",
      customerServiceTarget: `WQ${"0".repeat(32)}`,
      fieldMap: '{"#x": "phone"}',
    };

    it("are not the agent's in production: an edit is not saved, a stored value is kept but ignored", () => {
      const stored = { tokenUrl: "https://old.example/token", reviewSeconds: 20 };
      const { managed, current } = resolve({}, stored);
      for (const key of Object.keys(ADMIN_EDITS) as (keyof typeof ADMIN_EDITS)[]) {
        expect([key, isAdminOnly(current, key), isEditable(current, key), isLocked(current, key)]).toEqual([
          key,
          true,
          false,
          false,
        ]);
      }
      const result = applyEdits(
        managed,
        stored,
        current,
        { ...ADMIN_EDITS, reviewSeconds: "25" },
        production,
      );
      // Kept as stored (it comes back if policy sets allowAgentEndpoints), and never an error that
      // would block saving the agent's own preferences.
      expect(result).toMatchObject({
        ok: true,
        options: { tokenUrl: "https://old.example/token", reviewSeconds: 25 },
      });
      if (!result.ok) return;
      expect(Object.keys(result.options).sort()).toEqual(["reviewSeconds", "tokenUrl"]);
      expect(result.resolved.config.tokenUrl).toBeNull();
      expect(result.resolved.problems).toEqual([
        expect.objectContaining({ key: "tokenUrl", source: "options", ignored: true }),
      ]);
    });

    it("are the agent's where policy sets allowAgentEndpoints, except those policy sets", () => {
      const managed = { allowAgentEndpoints: true, hunkwareUrl: "https://crm.example" };
      const { current } = resolve(managed, {});
      expect(isEditable(current, "tokenUrl")).toBe(true);
      expect(isEditable(current, "hunkwareUrl")).toBe(false);
      const result = applyEdits(managed, {}, current, ADMIN_EDITS, production);
      expect(result).toMatchObject({
        ok: true,
        options: {
          tokenUrl: "https://evil.example/token",
          flexOrigins: ["https://evil.example"],
          customerServiceTarget: `WQ${"0".repeat(32)}`,
          fieldMap: { "#x": "phone" },
        },
      });
      expect(result.ok && "hunkwareUrl" in result.options).toBe(false);
    });

    it("are the agent's in the sandbox build", () => {
      const { current } = resolve({}, {}, sandbox);
      const result = applyEdits({}, {}, current, ADMIN_EDITS, sandbox);
      expect(result.ok && Object.keys(result.options).sort()).toEqual([
        "customerServiceTarget",
        "fieldMap",
        "flexOrigins",
        "hunkwareUrl",
        "tokenUrl",
      ]);
    });
  });

  it("ignores keys that are not in the contract", () => {
    const { managed, stored, current } = resolve({}, { bogus: 1, reviewSeconds: 20 });
    expect(applyEdits(managed, stored, current, {}, production)).toMatchObject({
      ok: true,
      options: { reviewSeconds: 20 },
    });
  });
});
