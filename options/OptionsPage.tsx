/**
 * The options page: every configuration key with its effective value and where it came from.
 * Values set by policy are the admin's; the page shows them and never overrides them.
 */
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { loadConfig, onConfigChanged } from "../src/background/config-source.ts";
import { CONFIG_KEYS, type ResolvedConfig } from "../src/domain/config.ts";

export function OptionsPage() {
  const [resolved, setResolved] = useState<ResolvedConfig | null>(null);
  useEffect(() => {
    const reload = () => void loadConfig(browser.storage).then(setResolved);
    reload();
    onConfigChanged(browser.storage, reload);
  }, []);
  if (!resolved) return <p>Loading…</p>;
  return (
    <>
      <h1>HunkBridge configuration</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Effective value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {CONFIG_KEYS.map((key) => {
            const problem = resolved.problems.find((p) => p.key === key);
            return (
              <tr key={key} data-key={key} data-source={resolved.sources[key]}>
                <th scope="row">{key}</th>
                <td>
                  <code>{JSON.stringify(resolved.config[key])}</code>
                  {problem && (
                    <p role="alert">
                      Invalid value from {problem.source}: {problem.message}. The default is used meanwhile.
                    </p>
                  )}
                </td>
                <td>{resolved.sources[key] === "policy" ? "policy (locked)" : resolved.sources[key]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
