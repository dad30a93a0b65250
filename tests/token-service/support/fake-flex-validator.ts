import { createHash, randomBytes } from "node:crypto";
import type { Validator } from "./token-service.ts";

/**
 * A local stand-in for Twilio's Flex token validation, in two layers that mirror the real thing:
 *
 * - `FakeIam.answer()` plays Twilio IAM's `POST /v1/Accounts/{sid}/Tokens/validate`: HTTP 200
 *   `{valid: true, code: 0, message: null, expiration, realm_user_id, identity, roles, worker_sid}`
 *   for a token it issued to that account and that has not expired, `{valid: false, message}`
 *   otherwise, and 401 `{code: 20003, message: "Authenticate"}` for wrong credentials. (IAM's
 *   wording for refusals is not documented; the token service must not depend on it.)
 * - `FakeIam.validator` behaves as twilio-flex-token-validator 1.6's `validator` does around
 *   that request: the same argument checks with the same messages, resolve with IAM's whole answer
 *   when `valid`, otherwise reject with a bare string (IAM's `message`, or a transport error's
 *   message). fake-validator-parity.test.ts runs the real package against `answer()` to keep the two
 *   in step.
 *
 * Flex tokens are opaque JWEs to their holder; the fake issues random JWE-shaped strings and
 * remembers what each stands for.
 */

export interface IssueOptions {
  /** Lifetime from now; negative for an already expired token. Default 4 h. */
  ttlSeconds?: number;
  /** Account the token belongs to; another account's token is "foreign". Default: the fake's own. */
  accountSid?: string;
  /** Default: a WK sid derived from the email; null for a Flex user without a worker. */
  workerSid?: string | null;
  roles?: string[];
}

interface Issued {
  email: string;
  accountSid: string;
  workerSid: string | null;
  roles: string[];
  expiresAtMs: number;
}

export interface IamReply {
  status: number;
  body: Record<string, unknown>;
}

/** One call of the validator, as made by the token service. */
export interface ValidatorCall {
  token: string;
  accountSid: string;
  authToken: string | undefined;
  realm: string | undefined;
  apiCredentials: { Sid: string; Secret: string } | undefined;
}

/** What the next validator call does instead of asking IAM. */
export type InjectedFailure = "network" | "not-json" | "hang";

export const INVALID_TOKEN_MESSAGE = "Invalid token";
export const EXPIRED_TOKEN_MESSAGE = "Token expired";
const NETWORK_ERROR_MESSAGE = "getaddrinfo ENOTFOUND iam.twilio.com";
// What JSON.parse says (Node 20) about an HTML error page.
const NOT_JSON_MESSAGE = `Unexpected token '<', "<html><bod"... is not valid JSON`;

export function workerSidFor(email: string): string {
  return `WK${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;
}

/** Flex's encoding of a user name into an identity: every character but [A-Za-z0-9] as _XX. */
export function flexIdentityFor(email: string): string {
  return email.replace(
    /[^A-Za-z0-9]/g,
    (c) => `_${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

function jweShaped(): string {
  const header = Buffer.from(
    JSON.stringify({
      alg: "dir",
      enc: "A256GCM",
      cty: "twilio-fpa;v=1",
      kid: randomBytes(8).toString("hex"),
    }),
  ).toString("base64url");
  const part = (n: number) => randomBytes(n).toString("base64url");
  return `${header}..${part(12)}.${part(600)}.${part(16)}`;
}

export class FakeIam {
  readonly calls: ValidatorCall[] = [];
  private readonly issued = new Map<string, Issued>();
  private readonly failures: InjectedFailure[] = [];

  constructor(
    readonly credentials: { accountSid: string; authToken: string; apiKey?: string; apiSecret?: string },
    private readonly now: () => number = Date.now,
  ) {}

  issue(email: string, opts: IssueOptions = {}): string {
    const token = jweShaped();
    this.issued.set(token, {
      email,
      accountSid: opts.accountSid ?? this.credentials.accountSid,
      workerSid: opts.workerSid === undefined ? workerSidFor(email) : opts.workerSid,
      roles: opts.roles ?? ["agent"],
      expiresAtMs: this.now() + (opts.ttlSeconds ?? 4 * 3600) * 1000,
    });
    return token;
  }

  /** Makes the next validator call fail the way an unreachable or broken IAM does. */
  failNext(failure: InjectedFailure): void {
    this.failures.push(failure);
  }

  /** IAM's reply to `POST /v1/Accounts/{accountSid}/Tokens/validate` with Basic `user:password`. */
  answer(accountSid: string, user: string, password: string, token: string): IamReply {
    const { credentials } = this;
    const byAuthToken = user === credentials.accountSid && password === credentials.authToken;
    const byApiKey =
      credentials.apiKey !== undefined && user === credentials.apiKey && password === credentials.apiSecret;
    if (accountSid !== credentials.accountSid || !(byAuthToken || byApiKey)) {
      return { status: 401, body: { code: 20003, message: "Authenticate", status: 401 } };
    }
    const found = this.issued.get(token);
    if (!found || found.accountSid !== accountSid) {
      return { status: 200, body: { valid: false, code: 20101, message: INVALID_TOKEN_MESSAGE } };
    }
    if (found.expiresAtMs <= this.now()) {
      return { status: 200, body: { valid: false, code: 20104, message: EXPIRED_TOKEN_MESSAGE } };
    }
    const body: Record<string, unknown> = {
      valid: true,
      code: 0,
      message: null,
      expiration: new Date(found.expiresAtMs).toISOString(),
      realm_user_id: found.email,
      identity: flexIdentityFor(found.email),
      roles: found.roles,
    };
    if (found.workerSid !== null) body.worker_sid = found.workerSid;
    return { status: 200, body };
  }

  /** Drop-in for twilio-flex-token-validator's `validator`. */
  readonly validator: Validator = (token, accountSid, authToken, realm, apiCredentials) => {
    this.calls.push({ token, accountSid, authToken, realm, apiCredentials });
    return new Promise((resolve, reject) => {
      // The package's own checks, in its order and words.
      if (!token) return reject("Unauthorized: Token was not provided");
      if (!accountSid) return reject("Unauthorized: AccountSid was not provided");
      if (!authToken && (!apiCredentials?.Sid || !apiCredentials?.Secret)) {
        return reject("Unauthorized: AuthToken or Api Credentials were not provided");
      }
      const failure = this.failures.shift();
      if (failure === "hang") return;
      if (failure === "network") return reject(NETWORK_ERROR_MESSAGE);
      if (failure === "not-json") return reject(NOT_JSON_MESSAGE);
      const [user, password] = authToken
        ? [accountSid, authToken]
        : [apiCredentials?.Sid, apiCredentials?.Secret];
      const { body } = this.answer(accountSid, user ?? "", password ?? "", token);
      // Like the package: any status, `valid` decides; the rejection is IAM's bare message.
      if (body.valid) resolve(body);
      else reject(body.message);
    });
  };
}
