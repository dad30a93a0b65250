/**
 * Keeps the registered content scripts in step with the configuration and brings them to tabs
 * that were open before (content-script-registry.ts says when and why). Browser APIs come in as
 * parameters, so this unit-tests with fakes.
 */
import type { Scripting, Tabs } from "webextension-polyfill";

export type ScriptingApi = Pick<
  Scripting.Static,
  "getRegisteredContentScripts" | "unregisterContentScripts" | "registerContentScripts" | "executeScript"
>;
export type TabsApi = Pick<Tabs.Static, "query">;

/** What decides whether two registrations behave alike (Chrome may fill in other fields). */
function signature(scripts: Scripting.RegisteredContentScript[]): string {
  const key = (s: Scripting.RegisteredContentScript) =>
    JSON.stringify([
      s.id,
      s.js,
      [...(s.matches ?? [])].sort(),
      s.runAt,
      s.world ?? "ISOLATED",
      s.allFrames ?? false,
      s.persistAcrossSessions ?? true,
    ]);
  return scripts.map(key).sort().join("\n");
}

/**
 * Makes the registered scripts the `wanted` ones. Returns whether anything
 * changed: a worker that Chrome merely restarted finds its scripts in place and leaves them be.
 */
export async function syncContentScripts(
  scripting: ScriptingApi,
  wanted: Scripting.RegisteredContentScript[],
): Promise<boolean> {
  const existing = await scripting.getRegisteredContentScripts();
  if (signature(existing) === signature(wanted)) return false;
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  await scripting.registerContentScripts(wanted);
  return true;
}

export type InjectionOutcome = { tabId: number; script: string; error: string | null };

/**
 * Runs the configured scripts in every open tab they match, in registration order per tab. A tab
 * that can't take them (discarded, an error page, closed meanwhile) is reported, never fatal: it
 * gets the registered scripts when it next loads.
 */
export async function injectIntoOpenTabs(
  scripting: ScriptingApi,
  tabs: TabsApi,
  scripts: Scripting.RegisteredContentScript[],
): Promise<InjectionOutcome[]> {
  const perTab = new Map<number, Scripting.RegisteredContentScript[]>();
  for (const script of scripts) {
    for (const tab of await tabs.query({ url: script.matches ?? [] })) {
      if (tab.id === undefined || tab.discarded) continue;
      perTab.set(tab.id, [...(perTab.get(tab.id) ?? []), script]);
    }
  }
  const outcomes = await Promise.all(
    [...perTab].map(async ([tabId, forTab]) => {
      const results: InjectionOutcome[] = [];
      for (const script of forTab) {
        try {
          await scripting.executeScript({
            target: { tabId, allFrames: false },
            files: script.js ?? [],
            world: script.world ?? "ISOLATED",
            injectImmediately: true,
          });
          results.push({ tabId, script: script.id, error: null });
        } catch (error) {
          results.push({
            tabId,
            script: script.id,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return results;
    }),
  );
  return outcomes.flat();
}

/**
 * Tabs opened before the content scripts were registered (Flex pinned and restored at start, the
 * extension installed or updated under an open Flex) get them now, without a reload; what it did
 * is logged, each failed injection warned about.
 */
export async function reachOpenTabs(
  scripting: ScriptingApi,
  tabs: TabsApi,
  wanted: Scripting.RegisteredContentScript[],
  why: string,
  log: (line: string) => void,
): Promise<void> {
  const outcomes = await injectIntoOpenTabs(scripting, tabs, wanted);
  const failed = outcomes.filter((o) => o.error !== null);
  const reached = new Set(outcomes.map((o) => o.tabId)).size;
  log(`${why}: content scripts injected into ${reached} open tab(s), ${failed.length} injection(s) failed`);
  for (const f of failed)
    console.warn(`HunkBridge: could not inject ${f.script} into tab ${f.tabId}: ${f.error}`);
}
