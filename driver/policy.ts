/**
 * Chrome managed policy for the extension, the way admins deliver it: a JSON file in Chromium's
 * managed policy folder (Linux, root only). The folder applies to every Chromium on the machine,
 * so each file has a unique name and is removed when the test is done.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const POLICY_DIR = process.env.HB_POLICY_DIR ?? "/etc/chromium/policies/managed";

export function canWritePolicy(): boolean {
  return process.getuid?.() === 0 || process.env.HB_POLICY_DIR !== undefined;
}

export interface PolicyFile {
  path: string;
  update(values: Record<string, unknown>): Promise<void>;
  remove(): Promise<void>;
}

/**
 * The extension's configuration (`values`, CONTRACT §1) and, beside it, Chromium's own policies
 * (`browserPolicies`: a force-install list, the CA that serves it…), kept as they are by update().
 */
export async function writePolicy(
  extensionId: string,
  values: Record<string, unknown>,
  browserPolicies: Record<string, unknown> = {},
): Promise<PolicyFile> {
  await mkdir(POLICY_DIR, { recursive: true });
  const path = join(POLICY_DIR, `hunkbridge-test-${randomUUID()}.json`);
  const update = (next: Record<string, unknown>) =>
    writeFile(
      path,
      JSON.stringify({ ...browserPolicies, "3rdparty": { extensions: { [extensionId]: next } } }, null, 2),
    );
  await update(values);
  return { path, update, remove: () => rm(path, { force: true }) };
}

/**
 * The one way to leave the managed-policy suites out, on a developer's machine without root:
 * HB_SKIP_POLICY_TESTS=1, announced on the console each time. CI runs as root and never sets it.
 */
export const SKIP_POLICY_ENV = "HB_SKIP_POLICY_TESTS";

/** True (and said loudly) when the developer opted out of the policy suites; use with describe.skipIf. */
export function policySuiteOptedOut(suite: string): boolean {
  if (process.env[SKIP_POLICY_ENV] !== "1") return false;
  console.warn(
    `\n*** SKIPPED: "${suite}" (${SKIP_POLICY_ENV}=1). These managed-policy tests did NOT run here; ` +
      "CI runs them as root. ***\n",
  );
  return true;
}

/**
 * Fails the suite, with how to fix it, when this process cannot write Chromium's managed policy:
 * a policy suite must never pass or vanish silently because it could not run. `root`: the suite
 * needs the real policy folder (Chromium reads no other), not an HB_POLICY_DIR.
 */
export function requirePolicyWriter(suite: string, needs: "policy-dir" | "root" = "policy-dir"): void {
  const can = needs === "root" ? process.getuid?.() === 0 : canWritePolicy();
  if (can) return;
  throw new Error(
    `"${suite}" writes Chromium's managed policy (${POLICY_DIR}) and needs root` +
      `${needs === "root" ? "" : " (or HB_POLICY_DIR)"}; this process is uid ${process.getuid?.()}. ` +
      `Run it as root, as CI does, or opt out knowingly with ${SKIP_POLICY_ENV}=1.`,
  );
}
