import { randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { unauthorized } from "./errors.ts";
import type { WorkspaceInfo } from "./model.ts";

/**
 * Two kinds of HS256 JWT:
 * - sandbox Flex tokens, what the fixture Flex page exposes as the agent's Flex token and the
 *   token service accepts (signed with a secret shared with the fixtures);
 * - worker tokens, shaped like Twilio's AccessToken with a TaskRouter grant (wire doc §4), signed
 *   with a secret private to one emulator instance, so a token from another run is refused.
 */

/** Well-known dev secret for sandbox Flex tokens; never a real credential. */
export const DEFAULT_FLEX_TOKEN_SECRET = "hunkbridge-sandbox-flex-token-secret-do-not-use-in-production";

const encoder = new TextEncoder();
const key = (secret: string) => encoder.encode(secret);

export async function signFlexToken(
  identity: string,
  opts: { secret?: string; ttlSeconds?: number } = {},
): Promise<string> {
  const ttl = opts.ttlSeconds ?? 3600;
  const iat = Math.floor(Date.now() / 1000);
  // Carry the identity in the places a Flex token has it (grants.identity) and in sub/identity,
  // which is what the token service reads.
  return new SignJWT({ identity, grants: { identity } })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(identity)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(key(opts.secret ?? DEFAULT_FLEX_TOKEN_SECRET));
}

/** Why a token was refused, in words fit for a 401 body. */
function describeJwtFailure(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "token expired";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "token signature not valid";
  if (err instanceof joseErrors.JOSEError) return `token not valid (${err.code})`;
  return "token not valid";
}

/** Verifies a sandbox Flex token; returns the agent identity (identity, grants.identity or sub). */
export async function verifyFlexToken(token: string, secret: string): Promise<string> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"], requiredClaims: ["exp"] }));
  } catch (err) {
    throw unauthorized(`Flex ${describeJwtFailure(err)}`);
  }
  const grants = payload.grants as { identity?: unknown } | undefined;
  const identity = [payload.identity, grants?.identity, payload.sub].find(
    (v): v is string => typeof v === "string" && v.trim() !== "",
  );
  if (!identity) throw unauthorized("Flex token carries no identity (identity, grants.identity or sub)");
  return identity.trim();
}

export interface WorkerTokenClaims {
  identity: string;
  workerSid: string;
  workspaceSid: string;
  /** Expiry in epoch seconds. */
  exp: number;
}

export class WorkerTokens {
  private readonly secret = key(randomBytes(32).toString("hex"));

  constructor(
    private readonly workspace: WorkspaceInfo,
    private readonly ttlSeconds: number,
  ) {}

  async sign(identity: string, workerSid: string): Promise<{ token: string; exp: number }> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({
      grants: {
        identity,
        task_router: { workspace_sid: this.workspace.workspaceSid, worker_sid: workerSid, role: "worker" },
      },
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" })
      .setJti(`${this.workspace.signingKeySid}-${iat}`)
      .setIssuer(this.workspace.signingKeySid)
      .setSubject(this.workspace.accountSid)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.secret);
    return { token, exp };
  }

  /** Verifies signature, expiry and the TaskRouter grant; throws a 401 EmulatorError otherwise. */
  async verify(token: unknown): Promise<WorkerTokenClaims> {
    if (typeof token !== "string" || token === "") throw unauthorized("worker token missing");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, { algorithms: ["HS256"], requiredClaims: ["exp"] }));
    } catch (err) {
      throw unauthorized(`worker ${describeJwtFailure(err)}`);
    }
    const grants = payload.grants as
      | { identity?: unknown; task_router?: { worker_sid?: unknown; workspace_sid?: unknown } }
      | undefined;
    const tr = grants?.task_router;
    if (typeof grants?.identity !== "string" || typeof tr?.worker_sid !== "string") {
      throw unauthorized("worker token has no TaskRouter worker grant");
    }
    if (tr.workspace_sid !== this.workspace.workspaceSid)
      throw unauthorized("worker token is for another workspace");
    return {
      identity: grants.identity,
      workerSid: tr.worker_sid,
      workspaceSid: tr.workspace_sid,
      exp: payload.exp as number,
    };
  }
}
