import { describe, expect, it } from "vitest";
import { CONFIG_DEFAULTS } from "../../../src/domain/config.ts";
import {
  buildScreenPopUrl,
  expandPathTemplate,
  templatePlaceholders,
} from "../../../src/domain/url-template.ts";

describe("templatePlaceholders", () => {
  it.each<[string, string[] | null]>([
    ["/leads/{lead_id}", ["lead_id"]],
    ["/search?phone={phone10}&again={phone10}&n={name}", ["phone10", "name"]],
    ["/plain", []],
    ["/x/{a-b}/{_c1}", ["a-b", "_c1"]],
    ["/leads/{lead_id", null],
    ["/leads/lead_id}", null],
    ["/leads/{}", null],
    ["/leads/{1st}", null],
    ["/leads/{{lead_id}}", null],
  ])("%s → %j", (template, expected) => {
    expect(templatePlaceholders(template)).toEqual(expected);
  });
});

describe("expandPathTemplate", () => {
  it("fills attributes, URL-encoded", () => {
    expect(
      expandPathTemplate("/leads/{lead_id}?n={name}", { lead_id: "L 1/2", name: "Ada & <b>Bob</b>" }),
    ).toEqual({
      ok: true,
      path: "/leads/L%201%2F2?n=Ada%20%26%20%3Cb%3EBob%3C%2Fb%3E",
    });
  });

  it("uses numbers and trims text", () => {
    expect(expandPathTemplate("/leads/{lead_id}", { lead_id: 1001 })).toEqual({
      ok: true,
      path: "/leads/1001",
    });
    expect(expandPathTemplate("/leads/{lead_id}", { lead_id: " L-1 " })).toEqual({
      ok: true,
      path: "/leads/L-1",
    });
  });

  it("takes extra values first", () => {
    expect(expandPathTemplate("/s?p={phone10}", { phone10: "attr" }, { phone10: "6175550123" })).toEqual({
      ok: true,
      path: "/s?p=6175550123",
    });
  });

  it("lists every placeholder without a value, once", () => {
    expect(
      expandPathTemplate(
        "/{lead_id}/{name}/{lead_id}/{phone10}",
        { name: "Ada", lead_id: "  " },
        { phone10: "" },
      ),
    ).toEqual({ ok: false, missing: ["lead_id", "phone10"], dotSegments: [] });
    expect(expandPathTemplate("/{flag}/{obj}/{constructor}", { flag: true, obj: { a: 1 } })).toEqual({
      ok: false,
      missing: ["flag", "obj", "constructor"],
      dotSegments: [],
    });
  });

  it("leaves a template without placeholders alone", () => {
    expect(expandPathTemplate("/search", {})).toEqual({ ok: true, path: "/search" });
  });
});

describe("buildScreenPopUrl", () => {
  const config = {
    hunkwareUrl: CONFIG_DEFAULTS.hunkwareUrl,
    leadPath: CONFIG_DEFAULTS.leadPath,
    callerSearchPath: CONFIG_DEFAULTS.callerSearchPath,
  };

  it("opens the lead for a weblead", () => {
    expect(buildScreenPopUrl(config, "weblead", { lead_id: "L-1001", phone: "617-555-0123" })).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/leads/L-1001",
    });
  });

  it("opens the lead for an unknown task that has a lead_id", () => {
    expect(buildScreenPopUrl(config, "unknown", { lead_id: "L-9" })).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/leads/L-9",
    });
  });

  it("refuses an unknown task without a lead_id", () => {
    expect(buildScreenPopUrl(config, "unknown", { from: "+16175550123" })).toEqual({
      ok: false,
      reason: expect.stringMatching(/unknown.*no lead_id/),
    });
  });

  it("says which attribute a weblead lacks", () => {
    expect(buildScreenPopUrl(config, "weblead", { type: "weblead", name: "Ada" })).toEqual({
      ok: false,
      reason: "The task has no value for {lead_id}, which the Hunkware leadPath needs.",
    });
  });

  it("searches the caller's 10 digits for an inbound call", () => {
    expect(buildScreenPopUrl(config, "inbound", { direction: "inbound", from: "+16175550123" })).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/search?phone=6175550123",
    });
  });

  it("falls back to `caller` when `from` isn't a usable number", () => {
    for (const from of [undefined, "client:alice", "anonymous"]) {
      expect(buildScreenPopUrl(config, "inbound", { from, caller: "9-617-555-0123" })).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/search?phone=6175550123",
      });
    }
  });

  it("explains a missing caller number", () => {
    expect(buildScreenPopUrl(config, "inbound", { direction: "inbound", from: "+44 20 7946 0958" })).toEqual({
      ok: false,
      reason:
        'The task has no value for {phone10} (no valid NANP number in "from" or "caller"), which the Hunkware callerSearchPath needs.',
    });
  });

  it("gives a weblead's leadPath the lead's phone as {phone10}", () => {
    const withPhone = { ...config, leadPath: "/leads/{lead_id}?p={phone10}" };
    expect(buildScreenPopUrl(withPhone, "weblead", { lead_id: "L-1", phone: "(617) 555-0123" })).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/leads/L-1?p=6175550123",
    });
    expect(buildScreenPopUrl(withPhone, "weblead", { lead_id: "L-1" })).toEqual({
      ok: false,
      reason: expect.stringContaining('(no valid NANP number in "phone")'),
    });
  });

  it.each([
    ["https://hunkware.chhj.com", "https://hunkware.chhj.com/leads/L-1"],
    ["https://hunkware.chhj.com/", "https://hunkware.chhj.com/leads/L-1"],
    ["http://127.0.0.1:4000/hunkware", "http://127.0.0.1:4000/hunkware/leads/L-1"],
    ["http://127.0.0.1:4000/hunkware//", "http://127.0.0.1:4000/hunkware/leads/L-1"],
  ])("joins %s and the path with one slash", (hunkwareUrl, expected) => {
    expect(buildScreenPopUrl({ ...config, hunkwareUrl }, "weblead", { lead_id: "L-1" })).toEqual({
      ok: true,
      url: expected,
    });
  });

  it("can't be steered to another site by an attribute", () => {
    const result = buildScreenPopUrl(config, "weblead", { lead_id: "//@evil.example/x?y#z" });
    expect(result).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/leads/%2F%2F%40evil.example%2Fx%3Fy%23z",
    });
    expect(new URL(result.ok ? result.url : "").origin).toBe("https://hunkware.chhj.com");
  });

  describe("a callback linked to the lead it answers", () => {
    const callback = { direction: "inbound", from: "+16175550123", to: "+18553409128" };

    it("opens that lead's page with the remembered lead id", () => {
      expect(buildScreenPopUrl(config, "inbound", callback, "L-1234")).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/leads/L-1234",
      });
    });

    it("gives the leadPath the caller's number as {phone10}", () => {
      const withPhone = { ...config, leadPath: "/leads/{lead_id}?from={phone10}" };
      expect(buildScreenPopUrl(withPhone, "inbound", callback, "L-9")).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/leads/L-9?from=6175550123",
      });
    });

    it("falls back to the caller search when the leadPath wants what a callback lacks", () => {
      const wantsEmail = { ...config, leadPath: "/leads/{lead_id}/{email}" };
      expect(buildScreenPopUrl(wantsEmail, "inbound", callback, "L-9")).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/search?phone=6175550123",
      });
    });

    it("is only for inbound calls: a weblead keeps its own lead", () => {
      expect(buildScreenPopUrl(config, "weblead", { lead_id: "L-1" }, "L-2")).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/leads/L-1",
      });
    });

    it("refuses a remembered lead id that is a path step", () => {
      expect(buildScreenPopUrl(config, "inbound", callback, "..")).toEqual({
        ok: true,
        url: "https://hunkware.chhj.com/search?phone=6175550123",
      });
    });
  });
});

describe("a callerSearchPath with the caller's number in the fragment", () => {
  // RFC 3986 §3.5: the fragment is the browser's, never sent to the server, in the request line
  // or the Referer, so the number stays out of Hunkware's server logs (it still reaches history).
  const config = {
    hunkwareUrl: CONFIG_DEFAULTS.hunkwareUrl,
    leadPath: CONFIG_DEFAULTS.leadPath,
    callerSearchPath: "/search#phone={phone10}",
  };
  const callback = { direction: "inbound", from: "+1 (617) 555-0123" };

  it("puts the 10 digits in the fragment only: not in the path or the query the server gets", () => {
    const built = buildScreenPopUrl(config, "inbound", callback);
    expect(built).toEqual({ ok: true, url: "https://hunkware.chhj.com/search#phone=6175550123" });
    const url = new URL(built.ok ? built.url : "");
    expect([url.pathname, url.search, url.hash]).toEqual(["/search", "", "#phone=6175550123"]);
    expect(new URLSearchParams(url.hash.slice(1)).get("phone")).toBe("6175550123");
  });

  it("encodes every value in the fragment, so none can end it, add a parameter or open another page", () => {
    const template = "/search#phone={phone10}&name={name}&sid={call_sid}";
    const attrs = { ...callback, name: "Ada & Bob=x #2 ?/y%", call_sid: "CA 1+2" };
    const built = buildScreenPopUrl({ ...config, callerSearchPath: template }, "inbound", attrs);
    expect(built).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/search#phone=6175550123&name=Ada%20%26%20Bob%3Dx%20%232%20%3F%2Fy%25&sid=CA%201%2B2",
    });
    const url = new URL(built.ok ? built.url : "");
    expect([url.origin, url.pathname, url.search]).toEqual(["https://hunkware.chhj.com", "/search", ""]);
    const params = new URLSearchParams(url.hash.slice(1));
    expect([...params.keys()]).toEqual(["phone", "name", "sid"]);
    expect(params.get("name")).toBe("Ada & Bob=x #2 ?/y%");
    expect(params.get("sid")).toBe("CA 1+2");
  });

  it("keeps the query form's search for the same caller, in the query", () => {
    const built = buildScreenPopUrl(
      { ...config, callerSearchPath: CONFIG_DEFAULTS.callerSearchPath },
      "inbound",
      callback,
    );
    expect(built.ok && new URL(built.url).search).toBe("?phone=6175550123");
  });

  it("still opens a callback's remembered lead by its leadPath", () => {
    expect(buildScreenPopUrl(config, "inbound", callback, "L-9")).toEqual({
      ok: true,
      url: "https://hunkware.chhj.com/leads/L-9",
    });
  });

  it("says which number is missing, as the query form does", () => {
    expect(buildScreenPopUrl(config, "inbound", { direction: "inbound", from: "anonymous" })).toEqual({
      ok: false,
      reason: expect.stringContaining("which the Hunkware callerSearchPath needs"),
    });
  });
});

describe("a path step in an attribute", () => {
  const config = {
    hunkwareUrl: CONFIG_DEFAULTS.hunkwareUrl,
    leadPath: CONFIG_DEFAULTS.leadPath,
    callerSearchPath: CONFIG_DEFAULTS.callerSearchPath,
  };

  it.each([
    ".",
    "..",
    "%2e",
    "%2e%2e",
    "%2E%2e",
    ".%2e",
    "%2E.",
    // Servers that decode %2F (or %5C) before routing would walk these as well.
    "..%2f..",
    "../..",
    "a/../b",
    "..\\x",
    "%2e%2e%5cx",
    // Decoded twice by a server, this is "..".
    "%252e%252e",
  ])("refuses lead_id %j: it would walk Hunkware's paths, not name a lead", (lead_id) => {
    expect(expandPathTemplate("/leads/{lead_id}", { lead_id })).toEqual({
      ok: false,
      missing: [],
      dotSegments: ["lead_id"],
    });
    expect(buildScreenPopUrl(config, "weblead", { lead_id })).toEqual({
      ok: false,
      reason:
        'The task has a "." or ".." path step (perhaps percent-encoded) in {lead_id}, which would take the Hunkware leadPath to another page, so it is not used.',
    });
  });

  it.each([
    ["L-1001", "L-1001"],
    ["a.b", "a.b"],
    [".a", ".a"],
    ["..a", "..a"],
    // Three dots are a name, not a step: URLs (WHATWG, RFC 3986) and file systems give only "." and ".." a meaning.
    ["...", "..."],
    ["%2e%2e%2e", "%252e%252e%252e"],
    ["100%", "100%25"],
  ])("opens the lead for lead_id %j", (lead_id, segment) => {
    expect(buildScreenPopUrl(config, "weblead", { lead_id })).toEqual({
      ok: true,
      url: `https://hunkware.chhj.com/leads/${segment}`,
    });
  });

  it("names every placeholder that is missing or a path step", () => {
    expect(
      expandPathTemplate("/{lead_id}/{zip}/{name}/{lead_id}", { lead_id: "..", name: "%2E", zip: " " }),
    ).toEqual({ ok: false, missing: ["zip"], dotSegments: ["lead_id", "name"] });
    expect(
      buildScreenPopUrl({ ...config, leadPath: "/leads/{lead_id}/{zip}" }, "weblead", { lead_id: "." }),
    ).toEqual({
      ok: false,
      reason:
        'The task has no value for {zip}, which the Hunkware leadPath needs. The task has a "." or ".." path step (perhaps percent-encoded) in {lead_id}, which would take the Hunkware leadPath to another page, so it is not used.',
    });
  });

  it("refuses a path step in an extra value as well", () => {
    expect(expandPathTemplate("/s/{phone10}", {}, { phone10: ".." })).toEqual({
      ok: false,
      missing: [],
      dotSegments: ["phone10"],
    });
  });
});
