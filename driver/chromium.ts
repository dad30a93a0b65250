/**
 * Launches the system Chromium with the built extension, the way QA runs it: new headless, a
 * fresh profile, the flags a closed network needs, and the extension installed over the pipe
 * (which reports why a broken extension failed to load, unlike --load-extension).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Target, type WebWorker } from "puppeteer-core";

export const CHROMIUM_PATH = process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export interface LaunchedChromium {
  /** The running browser (a new one after restart()). */
  readonly browser: Browser;
  extensionId: string;
  /** The extension's service worker, waiting until its start-up (config, sign-in) has run. */
  serviceWorker(): Promise<WebWorker>;
  /**
   * Closes Chromium and starts it again on the same profile with the last session's tabs
   * restored, as an agent's browser does every morning; `whileClosed` runs in between (an admin
   * changing the policy overnight). Needs `loadAtStartup`, or a force-installed extension.
   */
  restart(whileClosed?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** Runs once Chromium is up and before the extension is installed: tabs opened before it. */
  beforeInstall?: (browser: Browser) => Promise<void>;
  /**
   * Load the extension from the command line at every start, as an installed extension is there
   * at every start; an extension installed over the pipe is gone after a restart. Chromium
   * ignores --load-extension unless DisableLoadExtensionCommandLineSwitch is turned off.
   */
  loadAtStartup?: boolean;
  /**
   * The extension is force-installed by policy (self-hosted.ts) with this id: nothing is installed
   * over the pipe, and the background networking Chromium's extension updater needs stays on.
   */
  forceInstalledId?: string;
}

export async function launchWithExtension(
  extensionDir: string,
  opts: LaunchOptions = {},
): Promise<LaunchedChromium> {
  const profile = await mkdtemp(join(tmpdir(), "hunkbridge-profile-"));
  const loadArgs = opts.loadAtStartup
    ? [`--load-extension=${extensionDir}`, "--disable-features=DisableLoadExtensionCommandLineSwitch"]
    : [];
  const forced = opts.forceInstalledId;
  const baseArgs = forced
    ? CHROMIUM_ARGS.filter((a) => a !== "--disable-background-networking")
    : CHROMIUM_ARGS;
  const launch = (extra: string[]) =>
    puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: opts.headless ?? true,
      defaultViewport: opts.headless === false ? null : { width: 1280, height: 800 },
      pipe: true,
      enableExtensions: true,
      userDataDir: profile,
      args: [...baseArgs, ...loadArgs, ...extra],
      // puppeteer adds --disable-background-networking itself: the updater needs it off.
      ...(forced ? { ignoreDefaultArgs: ["--disable-background-networking"] } : {}),
    });
  let browser = await launch([]);
  try {
    await opts.beforeInstall?.(browser);
    const extensionId = forced
      ? forced
      : opts.loadAtStartup
        ? await loadedExtensionId(browser)
        : await browser.installExtension(extensionDir);
    return {
      get browser() {
        return browser;
      },
      extensionId,
      serviceWorker: () => serviceWorkerOf(browser, extensionId),
      async restart(whileClosed) {
        // A force-installed extension is there at every start by policy.
        if (!opts.loadAtStartup && !forced)
          throw new Error("restart() needs loadAtStartup or a force-install");
        await browser.close();
        await whileClosed?.();
        browser = await launch(["--restore-last-session"]);
      },
      close: async () => {
        await browser.close().catch(() => {});
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The id of the extension Chromium loaded from the command line, from its service worker. */
async function loadedExtensionId(browser: Browser): Promise<string> {
  const target = await browser.waitForTarget((t) => t.type() === "service_worker", { timeout: 15_000 });
  const id = /^chrome-extension:\/\/([a-p]{32})\//.exec(target.url())?.[1];
  if (!id) throw new Error(`not an extension's service worker: ${target.url()}`);
  return id;
}

async function serviceWorkerOf(browser: Browser, extensionId: string): Promise<WebWorker> {
  const isOurs = (t: Target) =>
    t.type() === "service_worker" && t.url().startsWith(`chrome-extension://${extensionId}/`);
  // A force-installed extension is downloaded and installed first: allow for that.
  await browser.waitForTarget(isOurs, { timeout: 30_000 });
  // After the extension reloaded itself (an update) the old worker's target may linger beside the
  // new one: the newest that answers is the one. The first evaluate can run before the worker's
  // globals exist: poll for the marker.
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const target of browser.targets().filter(isOurs).reverse()) {
      const worker = await target.worker().catch(() => null);
      // A worker that is going away may never answer: it is not the one.
      const ready = await answerWithin(
        worker?.evaluate(() => "hunkbridgeReady" in globalThis),
        1_000,
      ).catch(() => false);
      if (worker && ready) {
        await worker.evaluate(
          () => (globalThis as unknown as { hunkbridgeReady: Promise<unknown> }).hunkbridgeReady,
        );
        return worker;
      }
    }
    if (Date.now() > deadline) throw new Error("the service worker never finished starting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `pending`'s value, or a rejection after `ms`: an evaluate on a worker being torn down can hang. */
export function answerWithin<T>(pending: Promise<T> | undefined, ms: number): Promise<T> {
  if (!pending) return Promise.reject(new Error("nothing to wait for"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}
