// Exchanges the Flex token at the token service, as the CONTRACT's §3 describes. Real Flex gets its
// TaskRouter token from Twilio; both fixture pages (the hand-written one and the real-Flex one) use
// the same service the extension will use.

export interface WorkerTokenResponse {
  token: string;
  identity: string;
  expiresAt: string;
  ebServer?: string;
  wsServer?: string;
}

export async function exchangeFlexToken(tokenUrl: string, flexToken: string): Promise<WorkerTokenResponse> {
  const res = await fetch(tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ flexToken }),
  });
  if (!res.ok) throw new Error(`token service answered ${res.status}`);
  const body = (await res.json()) as Partial<WorkerTokenResponse>;
  if (typeof body.token !== "string") throw new Error("token service response has no token");
  return body as WorkerTokenResponse;
}
