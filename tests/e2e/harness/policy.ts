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

export async function writePolicy(extensionId: string, values: Record<string, unknown>): Promise<PolicyFile> {
  await mkdir(POLICY_DIR, { recursive: true });
  const path = join(POLICY_DIR, `hunkbridge-test-${randomUUID()}.json`);
  const update = (next: Record<string, unknown>) =>
    writeFile(path, JSON.stringify({ "3rdparty": { extensions: { [extensionId]: next } } }, null, 2));
  await update(values);
  return { path, update, remove: () => rm(path, { force: true }) };
}
