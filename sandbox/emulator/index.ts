/**
 * HunkBridge's TaskRouter emulator: EventBridge socket and REST proxy for the real
 * twilio-taskrouter SDK, the sandbox token service (CONTRACT §3) and an admin API (HTTP under
 * /admin, and in process as `emulator.admin`). What the SDK sends and expects, with sources:
 * docs/taskrouter-wire.md.
 */
export type {
  CreatedTask,
  CreateTaskInput,
  EmulatorAdmin,
  EmulatorState,
  InjectableTokenFailure,
  OutboundCallView,
  ReservationView,
  TaskView,
  TransferView,
  WorkerView,
} from "./admin-types.ts";
export { EmulatorError } from "./errors.ts";
export type { ActivityName, AdminTaskKind, TaskChannelName, TaskKind } from "./model.ts";
export { ACTIVITY_NAMES } from "./model.ts";
export type { Emulator, EmulatorOptions } from "./server.ts";
export { startEmulator } from "./server.ts";
export { OUTBOUND_CALLER_ID } from "./task-fixtures.ts";
export { DEFAULT_FLEX_TOKEN_SECRET, FLEX_JWE_HEADER, type FlexTokenFormat, signFlexToken } from "./tokens.ts";
