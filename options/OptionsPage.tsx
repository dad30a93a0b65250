/**
 * The options page: every configuration key with its effective value and where it came from.
 * Keys set by policy are the admin's and read-only here; the rest are saved to storage.local
 * "options" once resolveConfig accepts them. The page follows policy and options changes live.
 */
import { useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { CONFIG_KEYS, type ConfigKey } from "../src/domain/config.ts";
import { CONFIG_RULES, OPTIONS_KEY } from "../src/platform/config-source.ts";
import { ConfigField } from "./ConfigField.tsx";
import { ConnectionTest } from "./ConnectionTest.tsx";
import { applyEdits, type Edits, isLocked } from "./draft.ts";
import { toText } from "./fields.ts";
import { PolicyNotice } from "./PolicyNotice.tsx";
import { SiteAccess } from "./SiteAccess.tsx";
import { missingAccess, neededOrigins, requestAccess } from "./site-access.ts";
import { useConfigState } from "./use-config-state.ts";

type Errors = Partial<Record<ConfigKey, string>>;

export function OptionsPage() {
  const state = useConfigState();
  const [edits, setEdits] = useState<Edits>({});
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<string | null>(null);
  if (!state) return <p role="status">Loading…</p>;
  const { resolved } = state;
  // A key that became locked while the agent typed drops the edit: the policy value is what counts.
  const editable = (key: ConfigKey) => !isLocked(resolved, key);
  const pending = CONFIG_KEYS.some((key) => editable(key) && edits[key] !== undefined);

  const save = async (event: Event) => {
    event.preventDefault();
    const result = applyEdits(state.managed, state.stored, resolved, edits, CONFIG_RULES);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus(`Not saved: ${Object.keys(result.errors).length} value(s) need fixing. Nothing was changed.`);
      document.getElementById(`hb-opt-${Object.keys(result.errors)[0]}`)?.focus();
      return;
    }
    // Ask for access to custom origins while the click's user activation lasts, then save anyway:
    // the settings are valid, and the Site access section keeps offering the grant.
    const chosen = neededOrigins(result.resolved, (key) => result.resolved.sources[key] === "options");
    const denied = await requestAccess(await missingAccess(chosen.keys()));
    await browser.storage.local.set({ [OPTIONS_KEY]: result.options });
    setEdits({});
    setErrors({});
    setStatus(denied ? `Saved. ${denied}` : "Saved. HunkBridge uses the new settings now.");
  };

  return (
    <>
      <h1>HunkBridge settings</h1>
      <PolicyNotice resolved={resolved} />
      <SiteAccess resolved={resolved} />
      <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="hb-settings-title">
        <h2 id="hb-settings-title">Settings</h2>
        {CONFIG_KEYS.map((key) => (
          <ConfigField
            key={key}
            name={key}
            resolved={resolved}
            text={(editable(key) ? edits[key] : undefined) ?? toText(key, resolved.config[key])}
            error={errors[key]}
            onInput={(text) => setEdits((old) => ({ ...old, [key]: text }))}
          />
        ))}
        <div class="actions">
          <button type="submit" class="primary" disabled={!pending} data-testid="hb-options-save">
            Save
          </button>
          <button
            type="button"
            disabled={!pending}
            onClick={() => {
              setEdits({});
              setErrors({});
              setStatus(null);
            }}
          >
            Discard changes
          </button>
        </div>
        <p role="status" data-testid="hb-options-status">
          {status}
        </p>
      </form>
      <ConnectionTest config={resolved.config} unsaved={pending} />
    </>
  );
}
