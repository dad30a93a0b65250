/**
 * `npm test`: type-check, lint, build the sandbox extension, then the unit, emulator, fixture,
 * realflex (after building its bundle) and e2e suites; every step runs even if an earlier one
 * failed, so one run shows everything that is wrong. Ends with one summary line:
 * "tests: N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";

interface Step {
  name: string;
  command: string[];
  /** vitest JSON report to count tests from. */
  report?: string;
}

mkdirSync("test-results", { recursive: true });
const vitest = (project: string): Step => ({
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
  { name: "sandbox build", command: ["npx", "vite", "build", "--mode", "sandbox", "--logLevel", "warn"] },
  vitest("unit"),
  vitest("emulator"),
  vitest("fixtures"),
  { name: "realflex build", command: ["npx", "tsx", "realflex/build.ts"] },
  vitest("realflex"),
  vitest("e2e"),
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
