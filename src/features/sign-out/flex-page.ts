/**
 * Signing out of Flex signs the agent out of HunkBridge (MAIN world, afterLogout): their clients'
 * data must leave the extension too. Flex waits for its after-listeners' promises before
 * invokeAction resolves, and Flex (or the page) leaves for its login page only then: the listener
 * waits until the service worker has the sign-out (or a short time at most), else the page can
 * unload before the message leaves it.
 */
import {
  type ActionListener,
  type ExtensionLink,
  type FlexActionsLike,
  type KeptListener,
  keepListener,
} from "../../../content-scripts/flex/actions/flex-actions.ts";

export function installSignOut(
  actions: FlexActionsLike,
  link: Pick<ExtensionLink, "signedOut">,
  warn: (line: string) => void,
): KeptListener {
  // Returned, so that Flex waits for it (bounded by the link's answer time) before the page goes.
  const afterLogout: ActionListener = async () => {
    if (!(await link.signedOut())) warn("the extension did not confirm the sign-out in time");
  };
  return keepListener(actions, "afterLogout", afterLogout);
}
