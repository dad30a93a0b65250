/**
 * `npm run bench`: every benchmark in one run, each comparing against its own baseline measured
 * in the same run. Prints figures; asserts nothing.
 */
import { spawnSync } from "node:child_process";

const benches = [
  "bench/sizes.ts",
  "bench/screen-pop.ts",
  "bench/offer-prefetch.ts",
  "bench/flex-overlay.ts",
  "bench/startup.ts",
];
let failed = false;
for (const bench of benches) {
  console.log(`\n### ${bench}`);
  const result = spawnSync("npx", ["tsx", bench], { stdio: "inherit" });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
