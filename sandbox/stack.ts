/**
 * The sandbox's servers together: the TaskRouter emulator (with its token service) and the
 * Flex and Hunkware fixture pages, all on 127.0.0.1 at ports the OS picks. Used by `npm start`,
 * the e2e harness and the benchmark.
 */
import { type Emulator, startEmulator } from "./emulator/index.ts";
import type { FlexUi } from "./fixtures/flex/serve-flex.ts";
import { type HunkwareRequest, startFixtures } from "./fixtures/server.ts";

export const DEFAULT_IDENTITY = "ada.lovelace@chhj.com";

export interface Stack {
  emulator: Emulator;
  flexUrl: string;
  hunkwareUrl: string;
  /** Every request the Hunkware fixture got, oldest first. */
  hunkwareRequests: HunkwareRequest[];
  identity: string;
  /** The extension configuration (CONTRACT §1) that points at this stack. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startStack(
  opts: {
    identity?: string;
    log?: (line: string) => void;
    heartbeatMs?: number;
    workerTokenTtlSeconds?: number;
    /** The Flex page's UI (sandbox/fixtures/server.ts); the hand-written one unless "real". */
    flexUi?: FlexUi;
  } = {},
): Promise<Stack> {
  const identity = opts.identity ?? DEFAULT_IDENTITY;
  const emulator = await startEmulator({
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
    ...(opts.workerTokenTtlSeconds ? { workerTokenTtlSeconds: opts.workerTokenTtlSeconds } : {}),
  });
  try {
    const fixtures = await startFixtures({
      emulatorUrl: emulator.url,
      tokenUrl: emulator.tokenUrl,
      customerServiceQueueSid: emulator.customerServiceQueueSid,
      identity,
      ...(opts.flexUi ? { flexUi: opts.flexUi } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    return {
      emulator,
      flexUrl: fixtures.flexUrl,
      hunkwareUrl: fixtures.hunkwareUrl,
      hunkwareRequests: fixtures.hunkwareRequests,
      identity,
      config: {
        flexOrigins: [fixtures.flexUrl],
        hunkwareUrl: fixtures.hunkwareUrl,
        tokenUrl: emulator.tokenUrl,
        customerServiceTarget: emulator.customerServiceQueueSid,
      },
      close: async () => {
        await fixtures.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
