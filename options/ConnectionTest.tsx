/** The "Test connection" action and what it found, failures first in words. */
import { useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { HunkBridgeConfig } from "../src/domain/config.ts";
import { type CheckResult, testConnection } from "./connection-test.ts";
import { hasAccess } from "./site-access.ts";

export function ConnectionTest({ config, unsaved }: { config: HunkBridgeConfig; unsaved: boolean }) {
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const run = () => {
    setRunning(true);
    setResults(null);
    void testConnection(config, {
      fetch: (input, init) => fetch(input, init),
      hasAccess,
      askWorker: (request) => browser.runtime.sendMessage(request),
    })
      .then(setResults)
      .finally(() => setRunning(false));
  };
  const failed = results?.filter((r) => !r.ok).length ?? 0;
  return (
    <section aria-labelledby="hb-test-title" data-testid="hb-connection-test">
      <h2 id="hb-test-title">Test connection</h2>
      <p class="help">
        Checks the saved settings{unsaved ? " (not your unsaved edits)" : ""}: the sign-in, the token service,
        Hunkware, and access to Flex.
      </p>
      <button type="button" onClick={run} disabled={running} aria-busy={running}>
        {running ? "Testing…" : "Test connection"}
      </button>
      {results && (
        <div role="status">
          <p data-testid="hb-test-summary" data-failed={failed}>
            {failed === 0 ? "All checks passed." : `${failed} of ${results.length} checks failed.`}
          </p>
          <ul class="checks">
            {results.map((r) => (
              <li key={`${r.name} ${r.target}`} data-check={r.name} data-ok={String(r.ok)}>
                <strong>
                  <span aria-hidden="true">{r.ok ? "✓ " : "✗ "}</span>
                  {r.name}
                </strong>{" "}
                <span class="visually-hidden">{r.ok ? "passed" : "failed"}</span>
                {r.target && <code>{r.target}</code>}: {r.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
