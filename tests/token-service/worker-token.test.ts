import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, ADA, API_KEY, API_SECRET, WORKSPACE_SID } from "./support/env.ts";
import { workerSidFor } from "./support/fake-flex-validator.ts";
import { workerTokenModule } from "./support/token-service.ts";

const key = { accountSid: ACCOUNT_SID, apiKey: API_KEY, apiSecret: API_SECRET, workspaceSid: WORKSPACE_SID };
const WORKER_SID = workerSidFor(ADA);

describe("token service: worker token", () => {
  it("is a Twilio AccessToken signed with the API key, granting TaskRouter as the agent's worker", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAtMs } = workerTokenModule.mintWorkerToken(key, {
      identity: ADA,
      workerSid: WORKER_SID,
      ttlSeconds: 900,
    });

    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" });
    // Verifying with the API secret proves who signed it; a wrong secret must fail.
    const { payload } = await jwtVerify(token, new TextEncoder().encode(API_SECRET), {
      algorithms: ["HS256"],
    });
    await expect(jwtVerify(token, new TextEncoder().encode("another-secret"))).rejects.toThrow(/signature/);

    expect(payload).toMatchObject({
      iss: API_KEY,
      sub: ACCOUNT_SID,
      grants: {
        identity: ADA,
        task_router: { workspace_sid: WORKSPACE_SID, worker_sid: WORKER_SID, role: "worker" },
      },
    });
    expect(Object.keys(payload.grants as object).sort()).toEqual(["identity", "task_router"]);
    expect(payload.jti).toBe(`${API_KEY}-${payload.iat}`);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp).toBe((payload.iat ?? 0) + 900);
    expect(expiresAtMs).toBe((payload.exp ?? 0) * 1000);
  });
});
