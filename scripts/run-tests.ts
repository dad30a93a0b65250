/**
 * `npm test`: type-check, lint, build the sandbox extension, then the unit, emulator, fixture and
 * e2e suites; every step runs even if an earlier one failed, so one run shows everything that is
 * wrong. Ends with one summary line: "tests: N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

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

const steps: Step[] = [
  { name: "type-check", command: ["npx", "tsc", "--noEmit", "-p", "."] },
  { name: "type-check token service", command: ["npx", "tsc", "-p", "token-service"] },
  { name: "lint", command: ["npx", "biome", "check", "."] },
  { name: "sandbox build", command: ["npx", "vite", "build", "--mode", "sandbox", "--logLevel", "warn"] },
  vitest("unit"),
  vitest("emulator"),
  vitest("fixtures"),
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
