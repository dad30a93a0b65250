// Flex's real UI, @twilio/flex-ui 2.17.1 (realflex/: its own package, bundled by realflex/build.ts),
// booted offline in headless Chromium:
// - #13: every selector content-scripts/flex/flex-landmarks.ts uses is in Flex's rendered DOM, or,
//   for the few only a live Twilio account can make Flex render, in Flex's bundle;
// - #14: HunkBridge's listeners (content-scripts/flex/actions/listeners.ts) on Flex's real Actions
//   pipeline, with fake TaskRouter SDK objects under Flex's action bodies.
// Needs `npm ci --prefix realflex` and the bundle (`npx tsx realflex/build.ts`; npm test builds it).
// How Flex runs offline and what was measured: docs/flex-apis.md.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LANDMARK_SELECTORS } from "../../content-scripts/flex/flex-landmarks.ts";
import type { HunkBridgeRecord, RealFlexWindow, ReservationSpec } from "../../realflex/page/api.ts";
import type { DialVerdict } from "../../src/protocol/messages.ts";
import { launchChromium, type TestBrowser } from "../fixtures/chromium.ts";

const REALFLEX = join(import.meta.dirname, "../../realflex");
const DIST = join(REALFLEX, "dist");
const FLEX_BUNDLE = join(REALFLEX, "node_modules/@twilio/flex-ui/bundle/twilio-flex.prod.js");

/**
 * Landmarks Flex renders only with a live account behind it, checked in Flex's bundle instead
 * (weaker: the string is in Flex's code, not necessarily on the element we expect). Why each one:
 */
const BUNDLE_ONLY: Record<string, string> = {
  TASK_TRANSFER_BUTTON: "an item of the task header's actions menu, only there while that menu is open",
  QUEUE_COLD_TRANSFER_BUTTON:
    "the transfer directory's queue list; offline its WorkerDirectory renders its header only",
  CBM_COLD_TRANSFER_BUTTON: "the transfer directory's worker list, likewise",
  CONFIRM_TRANSFER_BUTTON: "the notes form shown before a transfer, opened from the directory",
};
const RENDERED = Object.keys(LANDMARK_SELECTORS).filter((name) => !(name in BUNDLE_ONLY));

const WR = (n: number) => `WR${String(n).padStart(32, "0")}`;
const WT = (n: number) => `WT${String(n).padStart(32, "0")}`;
const CUSTOMER_SERVICE = "WQ00000000000000000000000000000009";
const WEBLEAD = { type: "weblead", lead_id: "L-1001", name: "Pat Weblead", from: "+16175550100" };
const INBOUND = { direction: "inbound", name: "Ann Inbound", from: "+16175550101" };

/** The page's globals, plus what these tests keep on it. */
type TestWindow = RealFlexWindow & {
  hunkBridge: HunkBridgeRecord;
  dialVerdict: DialVerdict | null;
  pluginThrows: boolean;
};

let server: Server;
let origin: string;
let chromium: TestBrowser;

beforeAll(async () => {
  for (const [path, how] of [
    [FLEX_BUNDLE, "npm ci --prefix realflex --ignore-scripts"],
    [join(DIST, "bundle.js"), "npx tsx realflex/build.ts"],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`${how}\` (npm test does)`);
  }
  server = createServer((req, res) => {
    const file = { "/": "index.html", "/bundle.js": "bundle.js" }[req.url ?? ""];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, {
      "content-type": file.endsWith(".js") ? "text/javascript" : "text/html",
      // Cacheable: the second page then reuses Chromium's compiled code for the 18 MB bundle.
      "cache-control": "max-age=3600",
    });
    res.end(readFileSync(join(DIST, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A page with Flex booted; nothing leaves 127.0.0.1 (Flex asks for fonts, countries.json, a ringtone). */
async function openFlex(): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:") void request.continue();
    else void request.abort("blockedbyclient");
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as TestWindow).realflex?.ready === true, {
    timeout: 60_000,
  });
  return page;
}

const addReservation = (page: Page, spec: ReservationSpec) =>
  page.evaluate((s) => (window as unknown as TestWindow).realflex.addReservation(s), spec);

let flexBundle: string | undefined;

/** Whether Flex's bundle has this marker: a `data-testid` or a `Twilio-` class it gives an element. */
function inFlexBundle(bundle: string, selector: string): boolean {
  const testId = /^\[data-testid="([^"]+)"\]$/.exec(selector)?.[1];
  if (testId) return bundle.includes(`"data-testid":"${testId}"`) || bundle.includes(`testId:"${testId}"`);
  // A class is a string literal, or "Twilio-" + a component's displayName (Flex's DynamicComponent).
  const name = /^\.Twilio-([\w-]+)$/.exec(selector)?.[1];
  if (name) return bundle.includes(`"Twilio-${name}"`) || bundle.includes(`displayName="${name}"`);
  throw new Error(`no bundle check for ${selector}`);
}

describe("Flex's real DOM has every landmark (#13)", () => {
  let page: Page;
  let found: Record<string, boolean>;

  beforeAll(async () => {
    page = await openFlex();
    await addReservation(page, { sid: WR(1), taskSid: WT(1), status: "pending", attributes: WEBLEAD });
    await addReservation(page, { sid: WR(2), taskSid: WT(2), status: "accepted", attributes: INBOUND });
    await page.evaluate(
      (pending, accepted) => {
        const { render } = (window as unknown as TestWindow).realflex;
        render("TaskListItem", "pending-card", pending);
        render("TaskListItem", "accepted-card", accepted);
        render("TaskCanvas", "pending-canvas", pending);
        render("TaskCanvas", "call-canvas", accepted);
        render("OutboundDialerPanel", "dialer");
        render("MainHeader", "header");
      },
      WR(1),
      WR(2),
    );
    // React renders synchronously here; the dialer's input arrives a moment later.
    await page.waitForSelector("#dialer input", { timeout: 10_000 });
    found = await page.evaluate(
      (selectors) => Object.fromEntries(selectors.map(([n, s]) => [n, document.querySelector(s) !== null])),
      Object.entries(LANDMARK_SELECTORS),
    );
  });

  afterAll(() => page?.close());

  it.each(RENDERED)("%s is in Flex's rendered DOM", (name) => {
    const selector = LANDMARK_SELECTORS[name as keyof typeof LANDMARK_SELECTORS];
    expect(found[name], `${name} (${selector}) is not in Flex 2.17.1's rendered DOM`).toBe(true);
  });

  it.each(Object.keys(BUNDLE_ONLY))("%s: only found in Flex's bundle text (not rendered offline)", (name) => {
    const selector = LANDMARK_SELECTORS[name as keyof typeof LANDMARK_SELECTORS];
    expect(selector, `${name} is no landmark any more: drop it from BUNDLE_ONLY`).toBeDefined();
    flexBundle ??= readFileSync(FLEX_BUNDLE, "utf8");
    expect(inFlexBundle(flexBundle, selector), `${name} (${selector}) is not in Flex 2.17.1's bundle`).toBe(
      true,
    );
  });

  it("the markers sit where the landmark helpers look for them", async () => {
    const L = LANDMARK_SELECTORS;
    const inSection = (id: string, selector: string) =>
      page.evaluate((i, s) => document.getElementById(i)?.querySelector(s) !== null, id, selector);
    // A card is pending while it offers Accept.
    expect(await inSection("pending-card", L.CARD_ACCEPT)).toBe(true);
    expect(await inSection("accepted-card", L.CARD_ACCEPT)).toBe(false);
    // The accepted call's canvas is live (its hang-up button) and offers Transfer.
    expect(await inSection("call-canvas", L.HANGUP_FOOTER)).toBe(true);
    expect(await inSection("call-canvas", L.CALL_TRANSFER)).toBe(true);
    // Our dialpad and caller-ID overlays: the dialer's number input and its Call button (#14).
    expect(await inSection("dialer", L.DIALPAD_INPUT)).toBe(true);
    expect(await inSection("dialer", L.DIALER_CALL_BUTTON)).toBe(true);
  });
});

/** Flex booted with HunkBridge's listeners on its Actions, after another plugin's. */
async function openFlexWithHunkBridge(): Promise<Page> {
  const page = await openFlex();
  await page.evaluate(() => {
    const w = window as unknown as TestWindow;
    w.dialVerdict = null;
    w.pluginThrows = false;
    // Another plugin's before-listener, added before ours; one test makes it throw.
    w.realflex.actions.addListener("beforeTransferTask", () => {
      if (w.pluginThrows) throw new Error("another plugin's bug");
    });
    w.hunkBridge = w.__installHunkBridge(() => w.dialVerdict);
  });
  return page;
}

describe("HunkBridge's listeners on Flex's real Actions (#14)", () => {
  let page: Page;

  beforeAll(async () => {
    page = await openFlexWithHunkBridge();
  });

  afterAll(() => page?.close());

  afterEach(() =>
    page.evaluate(() => {
      const w = window as unknown as TestWindow;
      w.realflex.calls.length = 0;
      w.hunkBridge.reports.length = 0;
    }),
  );

  /**
   * Adds an accepted call with these attributes, transfers it cold, and takes the call out again.
   * `forged`: the transfer names no sid but carries another script's copy of Flex's own task for
   * it, whose attributes claim an inbound call.
   */
  async function transfer(n: number, attributes: Record<string, unknown>, forged = false) {
    await addReservation(page, { sid: WR(n), taskSid: WT(n), status: "accepted", attributes });
    try {
      return await page.evaluate(
        async (sid, targetSid, forge) => {
          const w = window as unknown as TestWindow;
          const target = { sid } as Record<string, unknown>;
          if (forge) {
            const own = w.realflex.task(sid) as object;
            const copy = Object.create(Object.getPrototypeOf(own), Object.getOwnPropertyDescriptors(own));
            Object.defineProperty(copy, "attributes", {
              value: { direction: "inbound" },
              configurable: true,
            });
            delete target.sid;
            target.task = copy;
          }
          const result = await w.realflex.invoke("TransferTask", {
            ...target,
            targetSid,
            options: { mode: "COLD" },
          });
          return {
            result,
            transfers: w.realflex.calls.filter((c) => c.what === `task.transfer ${sid}`).map((c) => c.args),
            reports: [...w.hunkBridge.reports],
          };
        },
        WR(n),
        CUSTOMER_SERVICE,
        forged,
      );
    } finally {
      await page.evaluate((sid) => (window as unknown as TestWindow).realflex.removeReservation(sid), WR(n));
    }
  }

  const dial = (destination: string, verdict: DialVerdict) =>
    page.evaluate(
      async (d, v) => {
        const w = window as unknown as TestWindow;
        w.dialVerdict = v;
        const result = await w.realflex.invoke("StartOutboundCall", { destination: d });
        return { result, createTask: w.realflex.calls.filter((c) => c.what === "worker.createTask") };
      },
      destination,
      verdict,
    );

  const CANCELLED = { ok: false, error: "Action TransferTask cancelled by before event" };

  it("stops a weblead call's transfer: Flex cancels it, the task is never transferred", async () => {
    const { result, transfers, reports } = await transfer(10, WEBLEAD);
    expect(result).toEqual(CANCELLED);
    expect(transfers).toEqual([]);
    expect(reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
  });

  it("stops the transfer of a task with no origin attributes (unknown)", async () => {
    const { result, transfers, reports } = await transfer(11, { from: "+16175550102" });
    expect(result).toEqual(CANCELLED);
    expect(transfers).toEqual([]);
    expect(reports).toEqual([{ kind: "transfer-stopped", origin: "unknown" }]);
  });

  it("lets an inbound call through to Flex's transfer", async () => {
    const { result, transfers, reports } = await transfer(12, INBOUND);
    expect(result).toEqual({ ok: true });
    expect(transfers).toEqual([[CUSTOMER_SERVICE, { mode: "COLD" }]]);
    expect(reports).toEqual([]);
  });

  it("judges Flex's own task: a forged inbound-looking copy over a weblead's reservation is stopped", async () => {
    const { result, transfers, reports } = await transfer(20, WEBLEAD, true);
    expect(result).toEqual(CANCELLED);
    expect(transfers).toEqual([]);
    expect(reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
  });

  it("stops an external warm transfer (a typed number) of a weblead call", async () => {
    await addReservation(page, { sid: WR(21), taskSid: WT(21), status: "accepted", attributes: WEBLEAD });
    try {
      const { result, reports } = await page.evaluate(async (sid) => {
        const w = window as unknown as TestWindow;
        const result = await w.realflex.invoke("StartExternalWarmTransfer", {
          sid,
          phoneNumber: "+16175550123",
          callerId: "+18553409128",
        });
        return { result, reports: [...w.hunkBridge.reports] };
      }, WR(21));
      expect(result).toEqual({
        ok: false,
        error: "Action StartExternalWarmTransfer cancelled by before event",
      });
      expect(reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
    } finally {
      await page.evaluate((sid) => (window as unknown as TestWindow).realflex.removeReservation(sid), WR(21));
    }
  });

  it("a plugin listener added earlier that throws does not let a weblead transfer through", async () => {
    // Flex skips the listeners after a synchronous throw and runs the action: our replaceAction
    // guard stops it there instead, and Flex rejects with the guard's error.
    await page.evaluate(() => {
      (window as unknown as TestWindow).pluginThrows = true;
    });
    try {
      const { result, transfers, reports } = await transfer(13, WEBLEAD);
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining("HunkBridge stopped") });
      expect(transfers).toEqual([]);
      expect(reports).toEqual([{ kind: "transfer-stopped", origin: "weblead" }]);
    } finally {
      await page.evaluate(() => {
        (window as unknown as TestWindow).pluginThrows = false;
      });
    }
  });

  it("StartOutboundCall dials the E.164 number without the 9, from our caller ID", async () => {
    const { result, createTask } = await dial("9 617 555 0123", {
      ok: true,
      destination: "+16175550123",
      callerId: "+18553409128",
    });
    expect(result).toEqual({ ok: true });
    expect(createTask).toHaveLength(1);
    // twilio-taskrouter's worker.createTask(to, from, workflowSid, taskQueueSid, options)
    expect(createTask[0]?.args.slice(0, 2)).toEqual(["+16175550123", "+18553409128"]);
  });

  it("a number the extension refuses is never dialed", async () => {
    const { result, createTask } = await dial("9 617 555 0123", { ok: false });
    expect(result).toEqual({ ok: false, error: "Action StartOutboundCall cancelled by before event" });
    expect(createTask).toEqual([]);
  });
});

// Flex's real Logout tears the session down (token, SDK clients): a page of its own, so that no
// other test runs on a Flex that has logged out.
describe("Flex's Logout with HunkBridge's listeners (#14)", () => {
  let page: Page;

  beforeAll(async () => {
    page = await openFlexWithHunkBridge();
  });

  afterAll(() => page?.close());

  it("Flex's Logout signs the agent out of the extension too", async () => {
    const { result, reports, offline } = await page.evaluate(async () => {
      const w = window as unknown as TestWindow;
      const result = await w.realflex.invoke("Logout", {});
      const offline = w.realflex.calls.some((c) => c.what === "activity.setAsCurrent Offline");
      return { result, reports: [...w.hunkBridge.reports], offline };
    });
    expect(result).toEqual({ ok: true });
    expect(offline).toBe(true);
    // Flex 2.17.1 waits for afterLogout's promise: the extension's answer is in before it resolves.
    expect(reports).toEqual([{ kind: "signed-out" }, { kind: "signed-out-noted" }]);
  });
});
