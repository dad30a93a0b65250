import { createHash, randomBytes } from "node:crypto";
import { EncryptJWT, type JWTPayload, errors as joseErrors, jwtDecrypt, jwtVerify, SignJWT } from "jose";
import { EmulatorError, unauthorized } from "./errors.ts";
import type { WorkspaceInfo } from "./model.ts";

/**
 * Two kinds of token:
 * - sandbox Flex tokens, what the fixture Flex page exposes as the agent's Flex token and the
 *   token service accepts. From the outside they look like Twilio's: a compact JWE (five
 *   dot-separated base64url parts, the second empty) with the protected header real Flex tokens
 *   carry (docs/flex-token.md). Inside, encrypted with a key derived from a secret shared with the
 *   fixtures, are the agent's identity and the expiry. `format: "jwt"` mints the three-part HS256
 *   JWT that older Flex releases and self-hosted Flex SDK apps hand out, which the token service
 *   still accepts;
 * - worker tokens, shaped like Twilio's AccessToken with a TaskRouter grant
 *   (docs/taskrouter-wire.md §1), signed with a secret private to one emulator instance, so a
 *   token from another run is refused.
 */

/** Well-known dev secret for sandbox Flex tokens; never a real credential. */
export const DEFAULT_FLEX_TOKEN_SECRET = "hunkbridge-sandbox-flex-token-secret-do-not-use-in-production";

/** The protected header of a real Flex token, as Twilio issues it (docs/flex-token.md). */
export const FLEX_JWE_HEADER = {
  zip: "DEF",
  kid: "SAS_S3___KMS_v1",
  cty: "twilio-fpa;v=1",
  enc: "A256GCM",
  alg: "dir",
} as const;

export type FlexTokenFormat = "jwe" | "jwt";

const encoder = new TextEncoder();
const key = (secret: string) => encoder.encode(secret);
/** A256GCM with alg "dir" takes the 256-bit content key itself. */
const contentKey = (secret: string) => new Uint8Array(createHash("sha256").update(secret).digest());

export async function signFlexToken(
  identity: string,
  opts: { secret?: string; ttlSeconds?: number; format?: FlexTokenFormat } = {},
): Promise<string> {
  const secret = opts.secret ?? DEFAULT_FLEX_TOKEN_SECRET;
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + (opts.ttlSeconds ?? 3600);
  // Carry the identity in the places a Flex token has it (grants.identity) and in sub/identity,
  // which is what the token service reads.
  const claims = { identity, grants: { identity } };
  if (opts.format === "jwt") {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(identity)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key(secret));
  }
  return new EncryptJWT(claims)
    .setProtectedHeader(FLEX_JWE_HEADER)
    .setSubject(identity)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .encrypt(contentKey(secret));
}

/** Why a token was refused, in words fit for a 401 body. */
function describeJwtFailure(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "token expired";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "token signature not valid";
  if (err instanceof joseErrors.JWEDecryptionFailed) return "token could not be decrypted (not ours)";
  if (err instanceof joseErrors.JOSEError) return `token not valid (${err.code})`;
  return "token not valid";
}

/**
 * Verifies a sandbox Flex token, a five-part JWE or a legacy three-part JWT; returns the agent
 * identity (identity, grants.identity or sub).
 */
export async function verifyFlexToken(token: string, secret: string): Promise<string> {
  let payload: JWTPayload;
  try {
    const parts = token.split(".").length;
    if (parts === 5) {
      ({ payload } = await jwtDecrypt(token, contentKey(secret), {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
        requiredClaims: ["exp"],
      }));
    } else if (parts === 3) {
      ({ payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"], requiredClaims: ["exp"] }));
    } else {
      throw unauthorized("Flex token is neither a compact JWE (five parts) nor a JWT (three parts)");
    }
  } catch (err) {
    if (err instanceof EmulatorError) throw err;
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
