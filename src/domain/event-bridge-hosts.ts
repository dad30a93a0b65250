/**
 * Where the worker's TaskRouter connection may go, when the token service names its EventBridge
 * (CONTRACT §3, `ebServer`/`wsServer`): only Twilio's own servers, as twilio-taskrouter 2.1.1 builds
 * them by default (`https://event-bridge[.edge][.region].twilio.com/v1/wschannels` and the same
 * with `wss:`; docs/taskrouter-wire.md). A token service that names anything else, by mistake or
 * because it was tampered with, would send the agent's worker token there. The sandbox build also
 * takes this machine's emulator (http:/ws: on loopback).
 */
import type { ConfigRules } from "./config.ts";

const TWILIO_EVENT_BRIDGE = /^event-bridge(\.[a-z0-9-]+)*\.twilio\.com$/;
const LOOPBACK = ["127.0.0.1", "localhost"];

/** Why this URL may not carry the worker's connection, or null if it may. */
export function eventBridgeRefusal(
  value: string,
  kind: "ebServer" | "wsServer",
  rules: ConfigRules,
): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${kind} is not a URL`;
  }
  const secure = kind === "ebServer" ? "https:" : "wss:";
  if (url.protocol === secure && TWILIO_EVENT_BRIDGE.test(url.hostname)) return null;
  const loopback = kind === "ebServer" ? ["http:", "https:"] : ["ws:", "wss:"];
  if (rules.allowLoopbackHttp && loopback.includes(url.protocol) && LOOPBACK.includes(url.hostname))
    return null;
  return `${kind} ${url.protocol}//${url.host} is not Twilio's EventBridge (${secure}//event-bridge….twilio.com)`;
}
