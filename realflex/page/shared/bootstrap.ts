// What the Flex fixture server embeds in the page for the page script (shared by both sides).
// Real Flex gets the same things from its login flow: the user's Flex token and its expiry.
//
// realflex/page/shared/ is the contract between a Flex fixture page and the server that serves it
// (bootstrap.ts, token-exchange.ts, workspace.ts). It lives with the page so that realflex/ imports
// nothing from sandbox/: the server (sandbox/fixtures/flex/) and the hand-written fixture page
// import it from here, as does the real-Flex page (../fixture/). It imports nothing itself.

export const BOOTSTRAP_ELEMENT_ID = "flex-fixture-bootstrap";

export interface QueueInfo {
  sid: string;
  name: string;
}

export interface FlexBootstrap {
  identity: string;
  /** The sandbox Flex token (emulator's signFlexToken), as `Manager.getInstance().user.token`. */
  flexToken: string;
  /** ISO time, as `Manager.getInstance().user.tokenExpirationDate`. */
  tokenExpirationDate: string;
  /** Token service: POST {flexToken} → {token, ebServer, wsServer, …}. */
  tokenUrl: string;
  /** Queues the transfer directory and outbound dialer offer. */
  queues: QueueInfo[];
  /**
   * The account's default outbound call flow (Flex's service configuration
   * `outbound_call_flows.default`): what StartOutboundCall uses when the payload doesn't say.
   * Null: outbound calling is off, as on an account that never enabled it.
   */
  outboundCallFlow: { workflowSid: string; queueSid: string; callerId: string } | null;
}
