/**
 * Mints the TaskRouter worker token: a Twilio AccessToken signed with the service's API key,
 * carrying one TaskRouterGrant for the agent's worker. Built locally by the `twilio` library;
 * nothing here talks to the network.
 */
const { jwt } = require("twilio");

/**
 * @typedef {object} SigningKey
 * @property {string} accountSid
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string} workspaceSid
 */

/**
 * @param {SigningKey} key
 * @param {{ identity: string, workerSid: string, ttlSeconds: number }} worker
 * @returns {{ token: string, expiresAtMs: number }}
 */
function mintWorkerToken(key, { identity, workerSid, ttlSeconds }) {
  const accessToken = new jwt.AccessToken(key.accountSid, key.apiKey, key.apiSecret, {
    identity,
    ttl: ttlSeconds,
  });
  accessToken.addGrant(
    new jwt.AccessToken.TaskRouterGrant({ workspaceSid: key.workspaceSid, workerSid, role: "worker" }),
  );
  const token = accessToken.toJwt();
  // The library stamps iat/exp from its own clock: report the exp it wrote, so expiresAt is
  // exactly when TaskRouter will stop accepting the token.
  return { token, expiresAtMs: readExpiry(token) * 1000 };
}

/** @param {string} token */
function readExpiry(token) {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  if (typeof payload.exp !== "number") throw new Error("minted token has no exp");
  return payload.exp;
}

module.exports = { mintWorkerToken };
