/**
 * The keyboard shortcuts and the pages' "bring forward" (worker-commands.ts): the agent's Flex tab
 * or the one Hunkware tab in front, the site opened when no tab shows it.
 */
import type { WorkerCore, WorkerPart } from "../../background/worker-feature.ts";
import { runCommand } from "./worker-commands.ts";

export function startShortcuts(core: WorkerCore): WorkerPart {
  return {
    command: (name) => runCommand(name, core.browser, core.config()),
    handlers: {
      "bring-forward": async (r) => void (await runCommand(`focus-${r.site}`, core.browser, core.config())),
    },
  };
}
