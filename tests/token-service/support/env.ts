/**
 * A complete, valid environment for the token service, with made-up sids and secrets (never real
 * credentials), and the two extension origins it allows.
 */

export const PRODUCTION_EXTENSION_ID = "ofknpifobakjhobajpenccalbkbdjghh";
export const SANDBOX_EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
export const EXTENSION_ORIGIN = `chrome-extension://${PRODUCTION_EXTENSION_ID}`;

export const ACCOUNT_SID = `AC${"a1".repeat(16)}`;
export const OTHER_ACCOUNT_SID = `AC${"b2".repeat(16)}`;
export const AUTH_TOKEN = "test-auth-token-not-a-secret";
export const API_KEY = `SK${"c3".repeat(16)}`;
export const API_SECRET = "test-api-secret-not-a-secret";
export const WORKSPACE_SID = `WS${"d4".repeat(16)}`;

export const TEST_ENV: Readonly<Record<string, string>> = {
  ACCOUNT_SID,
  AUTH_TOKEN,
  TWILIO_API_KEY: API_KEY,
  TWILIO_API_SECRET: API_SECRET,
  TWILIO_WORKSPACE_SID: WORKSPACE_SID,
  ALLOWED_EXTENSION_IDS: `${PRODUCTION_EXTENSION_ID}, ${SANDBOX_EXTENSION_ID}`,
};

export const ADA = "ada.lovelace@chhj.com";
