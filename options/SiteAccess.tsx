/**
 * Origins the configuration names but HunkBridge may not reach yet (e.g. a custom Flex origin
 * set by policy): one click grants them. Chrome only asks within a click, never on its own.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { ResolvedConfig } from "../src/domain/config.ts";
import { missingAccess, neededOrigins, requestAccess } from "./site-access.ts";

export function SiteAccess({ resolved }: { resolved: ResolvedConfig }) {
  const [missing, setMissing] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const refresh = () => void missingAccess(neededOrigins(resolved).keys()).then(setMissing);
    refresh();
    // Access can also change from chrome://extensions: follow it.
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [resolved]);
  if (missing.length === 0 && message === null) return null;
  return (
    <section class="access" aria-labelledby="hb-access-title" data-testid="hb-site-access">
      <h2 id="hb-access-title">Site access</h2>
      {missing.length > 0 && (
        <>
          <p class="problem">
            HunkBridge has no access to {missing.join(", ")}, which the settings name. Until it has, it can't
            run or connect there.
          </p>
          <button type="button" onClick={() => void requestAccess(missing).then(setMessage)}>
            Grant access
          </button>
        </>
      )}
      {message && <p role="alert">{message}</p>}
    </section>
  );
}
