/**
 * The options page: every configuration key with its effective value and where it came from.
 * Keys set by policy are the admin's and read-only here, and so, in the production build, are the
 * keys that decide where the Flex token and client data go; the rest are saved to storage.local
 * "options" once resolvePolicyAndOptions accepts them. The page follows policy and options changes live.
 */
import { useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { type AdminKeyAccess, CONFIG_KEYS, type ConfigKey } from "../src/domain/config.ts";
import { CONFIG_SPEC } from "../src/domain/config-spec.ts";
import { CONFIG_RULES, OPTIONS_KEY } from "../src/platform/config-source.ts";
import { ConfigField } from "./ConfigField.tsx";
import { ConnectionTest } from "./ConnectionTest.tsx";
import { applyEdits, type Edits, isEditable } from "./draft.ts";
import { toText } from "./fields.ts";
import { PolicyNotice } from "./PolicyNotice.tsx";
import { SiteAccess } from "./SiteAccess.tsx";
import { missingAccess, neededOrigins, requestAccess } from "./site-access.ts";
import { useConfigState } from "./use-config-state.ts";

type Errors = Partial<Record<ConfigKey, string>>;

const WHY_ADMIN = "They decide where HunkBridge sends your Flex token and your clients' data.";

/** The sentence over the admin keys: who may set them on this install. */
const ADMIN_KEYS_NOTE: Record<AdminKeyAccess, string> = {
  "admin-only": `Only your administrator can set these, by Chrome policy. ${WHY_ADMIN} Each says whether its value comes from the policy or is the build's default.`,
  "allowed-by-policy": `Your administrator sets these by Chrome policy. ${WHY_ADMIN} Their policy (allowAgentEndpoints) lets you set here the ones it leaves unset.`,
  sandbox: `In the production build only your administrator can set these, by Chrome policy. ${WHY_ADMIN} This sandbox build lets you set them here, for testing.`,
};

const GROUPS = [
  { id: "admin", title: "Where tokens and client data go", setBy: "admin" },
  { id: "agent", title: "Your preferences", setBy: "agent" },
] as const;

export function OptionsPage() {
  const state = useConfigState();
  const [edits, setEdits] = useState<Edits>({});
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<string | null>(null);
  if (!state) return <p role="status">Loading…</p>;
  const { resolved } = state;
  // A key that became locked while the agent typed drops the edit: the policy value is what counts.
  const editable = (key: ConfigKey) => isEditable(resolved, key);
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
        {GROUPS.map((group) => (
          <fieldset
            key={group.id}
            class="group"
            data-testid={`hb-settings-${group.id}`}
            aria-describedby={group.setBy === "admin" ? "hb-admin-keys-note" : undefined}
          >
            <legend>{group.title}</legend>
            {group.setBy === "admin" && (
              <p
                class="help"
                id="hb-admin-keys-note"
                data-testid="hb-admin-keys-note"
                data-access={resolved.adminKeys}
              >
                {ADMIN_KEYS_NOTE[resolved.adminKeys]}
              </p>
            )}
            {CONFIG_KEYS.filter((key) => CONFIG_SPEC[key].setBy === group.setBy).map((key) => (
              <ConfigField
                key={key}
                name={key}
                resolved={resolved}
                text={(editable(key) ? edits[key] : undefined) ?? toText(key, resolved.config[key])}
                error={errors[key]}
                onInput={(text) => setEdits((old) => ({ ...old, [key]: text }))}
              />
            ))}
          </fieldset>
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
