// The README's layout table against the tree: every path it names exists, and every top-level
// folder of the repository is in it, so a move or a new folder cannot leave it behind.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const layout = readme.slice(
  readme.indexOf("## Layout"),
  readme.indexOf("\n## ", readme.indexOf("## Layout") + 1),
);
/** The paths in the table's first column (`a`, `b/` …), a `<placeholder>` cut off at its folder. */
const named = layout
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .flatMap((line) => [...(line.split(" | ")[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string))
  .map((path) => path.replace(/<[^>]+>\/?$/, ""));

describe("the README's layout table", () => {
  it("names only paths that exist", () => {
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
  });

  it("names every top-level folder the repository tracks", () => {
    const folders = new Set(
      execFileSync("git", ["ls-files"], { encoding: "utf8" })
        .split("\n")
        .filter((file) => file.includes("/"))
        .map((file) => file.split("/")[0] as string),
    );
    const covered = (folder: string) =>
      named.some((path) => path === folder || path.startsWith(`${folder}/`));
    expect([...folders].filter((folder) => !covered(folder))).toEqual([]);
  });
});
