// The `process` global some of Flex's dependencies read (esbuild injects it where they do).
export const process = {
  env: { NODE_ENV: "production" },
  browser: true,
  version: "",
  versions: {},
  platform: "browser",
  cwd: () => "/",
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
    queueMicrotask(() => callback(...args)),
};
