/**
 * One error type for every refusal the emulator makes. Each HTTP surface renders it in its own
 * shape: the EventBridge proxy as `{message}` (what the SDK's Request.handleError reads), the
 * admin API as `{error}`, the token service as `{message}`.
 */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

export const badRequest = (message: string) => new EmulatorError(400, message);
export const unauthorized = (message: string) => new EmulatorError(401, message);
export const forbidden = (message: string) => new EmulatorError(403, message);
export const notFound = (message: string) => new EmulatorError(404, message);
export const conflict = (message: string) => new EmulatorError(409, message);
