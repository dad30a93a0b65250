/**
 * QA's Puppeteer harness (docs/qa.md): the sandbox stack, Chromium with the built sandbox
 * extension, configuration by managed policy (as root) or by the options storage, and helpers
 * to reach the service worker, the popup, the fixture pages and the emulator.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page, WebWorker } from "puppeteer-core";
import type { FlexUi } from "../sandbox/fixtures/flex/serve-flex.ts";
import { type Stack, startStack } from "../sandbox/stack.ts";
import { type LaunchedChromium, launchWithExtension } from "./chromium.ts";
import { canWritePolicy, type PolicyFile, writePolicy } from "./policy.ts";
import { openRealFlex } from "./real-flex.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The built sandbox extension: HB_EXTENSION_DIR (read when the harness starts), else dist-sandbox/. */
export function sandboxExtensionDir(): string {
  return process.env.HB_EXTENSION_DIR ?? join(ROOT, "dist-sandbox");
}
export const SCREENSHOT_DIR = join(ROOT, "test-results", "screenshots");
/** Pinned by the manifest `key`; policy files need it before the browser starts. */
export const EXTENSION_ID = "ofknpifobakjhobajpenccalbkbdjghh";

export interface HarnessOptions {
  /** Extra configuration over the stack's own (CONTRACT §1 keys). */
  config?: Record<string, unknown>;
  /** How configuration reaches the extension; policy needs root. Default: policy when possible. */
  via?: "policy" | "options";
  identity?: string;
  log?: (line: string) => void;
  /** A visible window needs a display; tests always run headless. */
  headless?: boolean;
  /** Lifetime of the worker tokens the emulator's token service issues (default an hour). */
  workerTokenTtlSeconds?: number;
  /** Opens tabs before the extension is installed, as an agent's pinned Flex is. */
  beforeInstall?: (browser: Browser, stack: Stack) => Promise<void>;
  /** Load the extension at every Chromium start, so that chromium.restart() keeps it. */
  loadAtStartup?: boolean;
  /**
   * The Flex page's UI: the hand-written look-alike (default), or @twilio/flex-ui's own (needs
   * realflex/ installed and built, sandbox/fixtures/flex/real-flex-page.ts).
   */
  flexUi?: FlexUi;
  /**
   * Force-install this self-hosted release by policy instead of installing the sandbox build over
   * the pipe (needs root): the way an admin deploys it, and the way updates reach it.
   */
  selfHosted?: ForceInstalled;
}

/** A release Chromium force-installs by policy (tests/e2e/support/self-hosted.ts serves one). */
export interface ForceInstalled {
  /** The id Chrome gives it, from the key it is signed with. */
  extensionId: string;
  /** Chromium's own policies that install it (the extension's configuration goes beside them). */
  browserPolicies(): Record<string, unknown>;
}

export interface Harness {
  stack: Stack;
  chromium: LaunchedChromium;
  extensionId: string;
  configVia: "policy" | "options";
  /** The managed policy file this run wrote (configVia "policy"), to change policy mid-test. */
  policy: PolicyFile | null;
  /** The configuration the extension was given (the stack's own plus HarnessOptions.config). */
  config: Record<string, unknown>;
  serviceWorker(): Promise<WebWorker>;
  /**
   * Opens the Flex fixture in a new tab (the extension's content scripts run there); the real UI
   * is waited for until Flex is logged in and rendered (real-flex.ts).
   */
  openFlex(): Promise<Page>;
  /** Opens the popup's page in a tab, where QA can read and click it like the real popup. */
  openPopup(): Promise<Page>;
  /** Waits until the text of [data-testid=id] on the page matches the pattern; returns the text. */
  waitForTestId(page: Page, id: string, pattern?: RegExp, timeoutMs?: number): Promise<string>;
  admin<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
  /**
   * Merges `patch` into the options the options page keeps in storage.local, as a save there does
   * (or as another window would); the service worker applies the change on its own, in a moment.
   */
  setOptions(patch: Record<string, unknown>): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const stack = await startStack({
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.workerTokenTtlSeconds ? { workerTokenTtlSeconds: opts.workerTokenTtlSeconds } : {}),
    ...(opts.flexUi ? { flexUi: opts.flexUi } : {}),
  });
  const config = { ...stack.config, ...opts.config };
  // HB_CONFIG_VIA=options keeps concurrent runs apart: a policy file applies to every Chromium.
  const envVia = process.env.HB_CONFIG_VIA === "options" ? "options" : undefined;
  // A force-installed release is configured the way it is installed: by policy.
  const configVia = opts.selfHosted
    ? "policy"
    : (opts.via ?? envVia ?? (canWritePolicy() ? "policy" : "options"));
  let policy: PolicyFile | null = null;
  let chromium: LaunchedChromium | null = null;
  try {
    const { beforeInstall, selfHosted } = opts;
    if (selfHosted) {
      policy = await writePolicy(selfHosted.extensionId, config, selfHosted.browserPolicies());
    } else if (configVia === "policy") policy = await writePolicy(EXTENSION_ID, config);
    chromium = await launchWithExtension(sandboxExtensionDir(), {
      headless: opts.headless ?? true,
      ...(beforeInstall ? { beforeInstall: (browser: Browser) => beforeInstall(browser, stack) } : {}),
      ...(opts.loadAtStartup ? { loadAtStartup: true } : {}),
      ...(selfHosted ? { forceInstalledId: selfHosted.extensionId } : {}),
    });
    const expectedId = selfHosted?.extensionId ?? EXTENSION_ID;
    if (chromium.extensionId !== expectedId) {
      throw new Error(`extension id ${chromium.extensionId} is not the expected ${expectedId}`);
    }
    const worker = await chromium.serviceWorker();
    if (configVia === "options") {
      await worker.evaluate((options) => chrome.storage.local.set({ options }), config);
    }
    await waitForFlexScripts(worker, stack.flexUrl);
    return harness(stack, chromium, configVia, policy, config, opts.flexUi ?? "hand-written");
  } catch (error) {
    await chromium?.close();
    await policy?.remove();
    await stack.close();
    throw error;
  }
}

/** Content scripts are registered from the configuration; wait until they cover the fixture. */
async function waitForFlexScripts(worker: WebWorker, flexUrl: string): Promise<void> {
  await eventually(
    () =>
      worker.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []),
      ),
    (matches) => matches.includes(`${flexUrl}/*`),
    { what: `content scripts registered for ${flexUrl}` },
  );
}

function harness(
  stack: Stack,
  chromium: LaunchedChromium,
  configVia: "policy" | "options",
  policy: PolicyFile | null,
  config: Record<string, unknown>,
  flexUi: FlexUi,
): Harness {
  const { extensionId } = chromium;
  return {
    stack,
    chromium,
    extensionId,
    configVia,
    policy,
    config,
    serviceWorker: () => chromium.serviceWorker(),
    async openFlex() {
      if (flexUi === "real") return openRealFlex(chromium.browser, stack.flexUrl);
      const page = await chromium.browser.newPage();
      await page.goto(stack.flexUrl, { waitUntil: "domcontentloaded" });
      return page;
    },
    async openPopup() {
      const page = await chromium.browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup/index.html`, {
        waitUntil: "domcontentloaded",
      });
      return page;
    },
    async waitForTestId(page, id, pattern = /\S/, timeoutMs = 15_000) {
      const handle = await page.waitForFunction(
        (testId: string, source: string, flags: string) => {
          const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
          return text !== null && new RegExp(source, flags).test(text) ? text : false;
        },
        // Interval polling: the default (animation frames) stalls in a tab that is not in front.
        { timeout: timeoutMs, polling: 100 },
        id,
        pattern.source,
        pattern.flags,
      );
      return (await handle.jsonValue()) as string;
    },
    async admin(method, path, body) {
      const response = await fetch(`${stack.emulator.url}/admin${path}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${text}`);
      return JSON.parse(text);
    },
    async setOptions(patch) {
      await (await chromium.serviceWorker()).evaluate(async (p: Record<string, unknown>) => {
        const { options } = (await chrome.storage.local.get("options")) as {
          options?: Record<string, unknown>;
        };
        await chrome.storage.local.set({ options: { ...options, ...p } });
      }, patch);
    },
    async screenshot(page, name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
      await page.bringToFront();
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await chromium.close();
      await policy?.remove();
      await stack.close();
    },
  };
}

/**
 * Polls `read` until `accept` holds for its value, and returns that value; past the deadline it
 * throws with `what` and the last value seen. For waits puppeteer's waitForFunction can't do (the
 * service worker's storage, the emulator's state, the Node side's own records). A read that throws
 * (a worker not started yet) counts as not yet.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  { what = "a condition", timeoutMs = 15_000, intervalMs = 100 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = "(nothing read)";
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface EventuallyOptions {
  what?: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Closes every tab whose URL starts with one of the prefixes (a test's stray Hunkware, popups…). */
export async function closeTabsAt(browser: Browser, prefixes: string[], keep: Page[] = []): Promise<void> {
  const pages = await browser.pages();
  const stray = pages.filter(
    (p) => !keep.includes(p) && prefixes.some((prefix) => p.url().startsWith(prefix)),
  );
  await Promise.all(stray.map((p) => p.close().catch(() => {})));
}
