/** One configuration key: its effective value, where it came from, and why it can't be edited. */
import type { ConfigKey, ConfigProblem, ConfigSource, ResolvedSettings } from "../src/domain/config.ts";
import { CONFIG_SPEC } from "../src/domain/config-spec.ts";
import { isAdminOnly, isLocked } from "./draft.ts";
import { FIELDS } from "./fields.ts";

const SOURCE_TEXT = { policy: "Set by policy", options: "Saved here", default: "Default" } as const;

/** An admin key the agent can't set holds the build's own choice until policy sets it: it says so. */
function sourceText(source: ConfigSource, adminOnly: boolean): string {
  return adminOnly && source === "default" ? "Build default" : SOURCE_TEXT[source];
}

function ProblemText({ problem, name }: { problem: ConfigProblem; name: ConfigKey }) {
  if (problem.ignored) {
    return (
      <>
        The value saved here is ignored: only your administrator can set <code>{name}</code>. The build's
        default is used.
      </>
    );
  }
  return (
    <>
      {problem.source === "policy"
        ? "Your administrator's policy value is invalid"
        : "The saved value is invalid"}
      : {problem.message} The default is used meanwhile.
    </>
  );
}

export function ConfigField(props: {
  name: ConfigKey;
  resolved: ResolvedSettings;
  text: string;
  error: string | undefined;
  onInput: (text: string) => void;
}) {
  const { name, resolved, text, error } = props;
  const { label, help } = CONFIG_SPEC[name];
  const meta = FIELDS[name];
  const adminOnly = isAdminOnly(resolved, name);
  const locked = isLocked(resolved, name) || adminOnly;
  const source = resolved.sources[name];
  const problem = resolved.problems.find((p) => p.key === name);
  const id = `hb-opt-${name}`;
  const describedBy = [`${id}-help`, problem && `${id}-problem`, error && `${id}-error`]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    name,
    value: text,
    readOnly: locked,
    "aria-readonly": locked,
    "aria-invalid": error !== undefined,
    "aria-describedby": describedBy,
    placeholder: meta.placeholder,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div
      class="field"
      data-key={name}
      data-source={source}
      data-locked={String(locked)}
      data-set-by={CONFIG_SPEC[name].setBy}
    >
      <label for={id}>{label}</label>
      <span class="source" data-source={source}>
        {sourceText(source, adminOnly)}
        {locked && " (locked)"}
      </span>
      {meta.kind === "switch" ? (
        // The saved text is "true" or "false"; a locked field can't be changed (select has no readOnly).
        <select {...common} disabled={locked}>
          <option value="true">On</option>
          <option value="false">Off</option>
        </select>
      ) : meta.kind === "origins" || meta.kind === "map" ? (
        <textarea {...common} rows={meta.kind === "map" ? 4 : 2} spellcheck={false} />
      ) : (
        // Plain text inputs: our validator, not the browser's, explains what is wrong.
        <input
          {...common}
          type="text"
          inputMode={meta.kind === "integer" ? "numeric" : meta.kind === "url" ? "url" : "text"}
          spellcheck={false}
        />
      )}
      <p class="help" id={`${id}-help`}>
        <code>{name}</code> · {help}
      </p>
      {problem && (
        <p class="problem" id={`${id}-problem`} data-problem={problem.ignored ? "ignored" : problem.source}>
          <ProblemText problem={problem} name={name} />
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`} role="alert">
          Not saved: {error}
        </p>
      )}
    </div>
  );
}
