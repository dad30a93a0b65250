import { defineConfig } from "vitest/config";

/**
 * Five projects, run in this order by `npm test` (scripts/run-tests.ts):
 * unit (pure domain and glue with fakes, milliseconds; beside each feature and in tests/unit), emulator (the TaskRouter emulator against
 * the real SDK in Node), fixtures (the sandbox pages in Chromium), realflex (Flex's real UI and our
 * Actions listeners in Chromium) and e2e (the built extension in Chromium against the emulator).
 * Browser suites run one file at a time: 2 cores, and a managed policy file applies to every
 * Chromium on the machine.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            // A feature's unit tests live in its folder (src/features/<feature>/).
            "src/**/*.test.{ts,tsx}",
            "tests/unit/**/*.test.{ts,tsx}",
            "tests/token-service/**/*.test.ts",
            "tests/contract/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          name: "emulator",
          include: ["tests/emulator/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "fixtures",
          include: ["tests/fixtures/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Flex's real UI (realflex/, bundled by realflex/build.ts) in Chromium; loading its 18 MB
          // bundle takes 5-20 s a page on 2 busy cores.
          name: "realflex",
          include: ["tests/realflex/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
