/**
 * `npm test`'s layer check: every tracked TypeScript file against the rules of
 * scripts/layers/layer-rules.ts (docs/architecture.md, "Layers"). Prints each import that breaks a
 * rule, with the rule's reason, and fails if there is one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { checkLayers } from "./layers/layer-rules.ts";

const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
  encoding: "utf8",
})
  .split("\0")
  // Deleted but not yet staged: git still lists them.
  .filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f) && !f.includes("node_modules/") && existsSync(f));

const files = new Map(tracked.map((f) => [f, readFileSync(f, "utf8")] as const));
const violations = checkLayers(files);
for (const v of violations) console.log(`${v.file}: imports ${v.imports}: ${v.why}`);
console.log(`layers: ${files.size} files checked, ${violations.length} import(s) across a layer rule`);
process.exit(violations.length === 0 ? 0 : 1);
