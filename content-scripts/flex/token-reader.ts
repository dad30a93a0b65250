/**
 * MAIN-world script on Flex: only code in the page's own world can reach
 * `Twilio.Flex.Manager.getInstance().user.token`. It hands the token (and its expiry) to the
 * isolated-world relay by window.postMessage, whenever it appears or Flex refreshes it.
 * It imports only a few lines of its own kind, so it stays tiny and can't leak extension code into
 * the page.
 *
 * The worker injects it again into open Flex tabs (install, update, browser start), beside a
 * relay that has just started and needs the token: the new copy posts the token at once.
 */
import { firstOfVersion } from "../shared/one-per-version.ts";

interface FlexUser {
  token?: unknown;
  tokenExpirationDate?: unknown;
}
interface FlexGlobal {
  Twilio?: { Flex?: { Manager?: { getInstance?: () => { user?: FlexUser } | undefined } } };
}

const SOURCE = "hunkbridge-flex-token"; // PAGE_TOKEN_SOURCE in src/protocol/messages.ts
const POLL_MS = 2_000;
let lastToken: string | null = null;

function readUser(): FlexUser | null {
  try {
    return (globalThis as FlexGlobal).Twilio?.Flex?.Manager?.getInstance?.()?.user ?? null;
  } catch {
    // Manager.getInstance throws before Flex has initialised.
    return null;
  }
}

function expiryMs(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function check(): void {
  const user = readUser();
  const token = user?.token;
  if (typeof token !== "string" || token === lastToken) return;
  lastToken = token;
  window.postMessage(
    { source: SOURCE, token, expiresAtMs: expiryMs(user?.tokenExpirationDate) },
    window.location.origin,
  );
}

// A copy of this version already polls here (the worker injects again on a new configuration).
if (firstOfVersion("flex-token-reader", typeof __HB_VERSION__ === "string" ? __HB_VERSION__ : "unknown")) {
  check();
  // Flex renews its token on its own schedule and exposes no event a MAIN-world script can rely on
  // before it initialises, so a cheap poll it is. No event stops it: a page script could send one,
  // and a reader stopped that way would leave HunkBridge signed in on an old token until it expired.
  // Copies of several versions may poll side by side after an update: each posts the same token.
  setInterval(check, POLL_MS);
}
