/**
 * The globals the Twilio Functions runtime gives every function (only what the token service
 * uses), so `tsc -p token-service` can check the JavaScript.
 */
declare namespace Twilio {
  class Response {
    setStatusCode(code: number): this;
    appendHeader(name: string, value: string): this;
    setBody(body: unknown): this;
  }
}

declare const Runtime: {
  getFunctions(): Record<string, { path: string } | undefined>;
};
