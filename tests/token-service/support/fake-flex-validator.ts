import { createHash, randomBytes } from "node:crypto";
import type { Validator } from "./token-service.ts";

/**
 * A local stand-in for Twilio's Flex token validation, in two layers that mirror the real thing:
 *
 * - `FakeIam.answer()` plays Twilio IAM's `POST /v1/Accounts/{sid}/Tokens/validate`:
 *   - HTTP 200 `{valid: true, code: 0, message: null, expiration, realm_user_id, identity, roles,
 *     worker_sid}` for a token it issued to that account and that has not expired;
 *   - HTTP 200 `{code: 20101, valid: false, message: "Invalid Access Token", worker_sid: null, …}`
 *     for any other token (unknown, garbled, a three-part JWT, another account's): IAM's real
 *     answer, as recorded in a public test fixture of a Flex token-validation project;
 *   - HTTP 200 `valid: false` with Twilio error 20104's code and wording for an expired token (the
 *     shape as above; IAM's exact wording for expiry is not public, and the token service does
 *     not depend on it: every `valid: false` is a refusal);
 *   - HTTP 401 `{code: 20003, message: "Authenticate", more_info, status: 401}` for wrong
 *     credentials, Twilio's standard error envelope;
 *   - on demand (`answerNextWith`), HTTP 429/500/503 with Twilio's error envelope, as when IAM is
 *     rate limiting or failing (Twilio error dictionary: 20429, 20500, 20503).
 * - `FakeIam.validator` behaves as twilio-flex-token-validator 1.6's `validator` does around
 *   that request: the same argument checks with the same messages, resolve with IAM's whole answer
 *   when `valid`, otherwise reject with a bare string (IAM's `message`, or a transport error's
 *   message) whatever the HTTP status. fake-validator-parity.test.ts runs the real package against
 *   `answer()` to keep the two in step.
 *
 * Flex tokens are opaque to their holder; the fake issues strings that look exactly like real
 * ones from the outside (see `flexShaped`) and remembers what each stands for.
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

/** HTTP statuses IAM may answer with when it is rate limiting (429) or failing (5xx). */
export type IamErrorStatus = 429 | 500 | 503;

/** Twilio's error envelope for those statuses (Twilio error dictionary 20429, 20500, 20503). */
export const IAM_ERROR_ENVELOPES: Record<IamErrorStatus, Record<string, unknown>> = {
  429: twilioError(20429, "Too Many Requests", 429),
  500: twilioError(20500, "Internal Server Error", 500),
  503: twilioError(20503, "Service Unavailable", 503),
};

/** The protected header every real Flex token carries, in Twilio's order. */
export const FLEX_TOKEN_HEADER =
  '{"zip":"DEF","kid":"SAS_S3___KMS_v1","cty":"twilio-fpa;v=1","enc":"A256GCM","alg":"dir"}';

export const INVALID_TOKEN_MESSAGE = "Invalid Access Token";
export const EXPIRED_TOKEN_MESSAGE = "Access Token expired or expiration date invalid";
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

function twilioError(code: number, message: string, status: number): Record<string, unknown> {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** IAM's `valid: false` answer: every field of a valid answer present, null. */
function notValid(code: number, message: string): Record<string, unknown> {
  return {
    code,
    valid: false,
    message,
    worker_sid: null,
    roles: null,
    realm_user_id: null,
    expiration: null,
    identity: null,
  };
}

/**
 * A real Flex token from the outside: a compact JWE (header, empty encrypted key since alg is
 * "dir", 96-bit IV, deflated-then-encrypted claims, 128-bit GCM tag), all base64url.
 */
function flexShaped(): string {
  const header = Buffer.from(FLEX_TOKEN_HEADER).toString("base64url");
  const part = (n: number) => randomBytes(n).toString("base64url");
  return `${header}..${part(12)}.${part(900)}.${part(16)}`;
}

export class FakeIam {
  readonly calls: ValidatorCall[] = [];
  private readonly issued = new Map<string, Issued>();
  private readonly failures: InjectedFailure[] = [];
  private readonly errorReplies: IamErrorStatus[] = [];

  constructor(
    readonly credentials: { accountSid: string; authToken: string; apiKey?: string; apiSecret?: string },
    private readonly now: () => number = Date.now,
  ) {}

  issue(email: string, opts: IssueOptions = {}): string {
    const token = flexShaped();
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

  /**
   * Makes IAM answer its next `times` requests (through the fake validator or the stubbed
   * transport alike) with `status` and Twilio's error envelope, whatever the token.
   */
  answerNextWith(status: IamErrorStatus, times = 1): void {
    for (let i = 0; i < times; i++) this.errorReplies.push(status);
  }

  /** IAM's reply to `POST /v1/Accounts/{accountSid}/Tokens/validate` with Basic `user:password`. */
  answer(accountSid: string, user: string, password: string, token: string): IamReply {
    const errorStatus = this.errorReplies.shift();
    if (errorStatus !== undefined)
      return { status: errorStatus, body: { ...IAM_ERROR_ENVELOPES[errorStatus] } };
    const { credentials } = this;
    const byAuthToken = user === credentials.accountSid && password === credentials.authToken;
    const byApiKey =
      credentials.apiKey !== undefined && user === credentials.apiKey && password === credentials.apiSecret;
    if (accountSid !== credentials.accountSid || !(byAuthToken || byApiKey)) {
      return { status: 401, body: twilioError(20003, "Authenticate", 401) };
    }
    const found = this.issued.get(token);
    if (!found || found.accountSid !== accountSid) {
      return { status: 200, body: notValid(20101, INVALID_TOKEN_MESSAGE) };
    }
    if (found.expiresAtMs <= this.now()) {
      return { status: 200, body: notValid(20104, EXPIRED_TOKEN_MESSAGE) };
    }
    const body: Record<string, unknown> = {
      valid: true,
      code: 0,
      message: null,
      expiration: new Date(found.expiresAtMs).toISOString(),
      realm_user_id: found.email,
      identity: flexIdentityFor(found.email),
      roles: found.roles,
      worker_sid: found.workerSid,
    };
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
      // Like the package: the HTTP status is not looked at, `valid` decides, and the rejection is
      // the body's bare `message` (so "Too Many Requests" for a 429 envelope).
      if (body.valid) resolve(body);
      else reject(body.message);
    });
  };
}
