/**
 * `npm test`: type-check, lint, the layer check, build the sandbox extension, then the unit, emulator, fixture,
 * realflex (after building its bundle) and e2e suites; every step runs even if an earlier one
 * failed, so one run shows everything that is wrong. Ends with one summary line:
 * "tests: N passed, N failed".
 *
 * It first prints what it runs on (Node, Chromium) and the seed that orders the browser suites:
 * they run shuffled (files and the tests inside them), so that no test can lean on another's
 * leftovers. `HB_TEST_SEED=<n> npm test` replays an order.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { CHROMIUM_PATH } from "../driver/chromium.ts";

interface Step {
  name: string;
  command: string[];
  /** vitest JSON report to count tests from. */
  report?: string;
}

mkdirSync("test-results", { recursive: true });

const seed = testSeed(process.env.HB_TEST_SEED);
console.log(`Node ${process.version}`);
console.log(`Chromium: ${chromiumVersion()} (${CHROMIUM_PATH})`);
console.log(`Browser suites shuffled with seed ${seed} (replay: HB_TEST_SEED=${seed} npm test)`);

/** Unit and emulator suites run in file order; the browser suites (`shuffled`) in the seed's. */
const vitest = (project: string, shuffled = false): Step => ({
  name: `${project} tests`,
  command: [
    "npx",
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=test-results/${project}.json`,
    ...(shuffled ? ["--sequence.shuffle", `--sequence.seed=${seed}`] : []),
  ],
  report: `test-results/${project}.json`,
});

/**
 * realflex/ (Flex's real UI, its own npm package: React 17 stays out of the extension's tree) is
 * installed by .ci/run; on a developer's machine npm test installs it when it is missing or older
 * than its lockfile (npm writes node_modules/.package-lock.json last).
 */
const realflexInstalled = "realflex/node_modules/.package-lock.json";
const installRealflex =
  !existsSync(realflexInstalled) ||
  statSync(realflexInstalled).mtimeMs < statSync("realflex/package-lock.json").mtimeMs;

const steps: Step[] = [
  ...(installRealflex
    ? [
        {
          name: "realflex install",
          command: ["npm", "ci", "--prefix", "realflex", "--ignore-scripts", "--no-audit", "--no-fund"],
        },
      ]
    : []),
  { name: "type-check", command: ["npx", "tsc", "--noEmit", "-p", "."] },
  { name: "type-check token service", command: ["npx", "tsc", "-p", "token-service"] },
  { name: "type-check realflex", command: ["npx", "tsc", "-p", "realflex"] },
  { name: "lint", command: ["npx", "biome", "check", "."] },
  // Who may import whom (docs/architecture.md, "Layers and features").
  { name: "layers", command: ["npx", "tsx", "scripts/check-layers.ts"] },
  { name: "sandbox build", command: ["npx", "vite", "build", "--mode", "sandbox", "--logLevel", "warn"] },
  vitest("unit"),
  vitest("emulator"),
  vitest("fixtures", true),
  { name: "realflex build", command: ["npx", "tsx", "realflex/build.ts"] },
  vitest("realflex", true),
  vitest("e2e", true),
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps: string[] = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(step.command[0] as string, step.command.slice(1), { stdio: "inherit" });
  const ok = result.status === 0;
  console.log(`=== ${step.name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (step.report) {
    const counts = readCounts(step.report);
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
    // A suite that failed without a failing test (a crash, a failed hook) still counts once.
    if (!ok && counts.failed === 0) failed += 1;
  } else {
    if (ok) passed += 1;
    else failed += 1;
  }
  if (!ok) failedSteps.push(step.name);
}

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`Browser suites' seed: ${seed}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failedSteps.length > 0 ? 1 : 0);

function readCounts(path: string): { passed: number; failed: number; skipped: number } {
  try {
    const report = JSON.parse(readFileSync(path, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}

/** A given seed (a positive integer), else a new one. */
function testSeed(given: string | undefined): number {
  if (given === undefined || given === "") return Math.floor(Math.random() * 2 ** 31) + 1;
  const value = Number(given);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`HB_TEST_SEED must be a positive integer, not "${given}"`);
  }
  return value;
}

/** The version the browser suites will run, as the binary itself says it. */
function chromiumVersion(): string {
  const result = spawnSync(CHROMIUM_PATH, ["--version"], { encoding: "utf8" });
  return result.status === 0
    ? result.stdout.trim()
    : `not runnable (${result.error?.message ?? result.stderr.trim()})`;
}
