/**
 * What the administrator's policy sets, and the one thing the page cannot see: Chrome drops a
 * policy value of the wrong type (text for a number, one bad list entry) before the extension
 * reads it, and chrome://policy shows that key as "Not set". So such a key reads "Default" or
 * "Saved here" below; this notice says so instead of pretending the admin set nothing.
 */
import { CONFIG_KEYS, type ResolvedSettings } from "../src/domain/config.ts";
import { isAdminOnly, isLocked } from "./draft.ts";

export function PolicyNotice({ resolved }: { resolved: ResolvedSettings }) {
  const locked = CONFIG_KEYS.filter((key) => isLocked(resolved, key));
  const invalid = resolved.problems.filter((p) => p.source === "policy");
  const ignored = resolved.problems.filter((p) => p.ignored);
  const adminOnly = CONFIG_KEYS.some((key) => isAdminOnly(resolved, key));
  return (
    <section class="policy" aria-labelledby="hb-policy-title" data-testid="hb-policy-notice">
      <h2 id="hb-policy-title">Administrator policy</h2>
      <p data-locked-count={locked.length}>
        {locked.length === 0
          ? adminOnly
            ? "No setting is set by policy: the ones under “Where tokens and client data go” use the build's defaults, and only your administrator can change them; the others can be changed here."
            : "No setting is set by policy: all of them can be changed here."
          : `${locked.length} ${locked.length === 1 ? "setting is" : "settings are"} set by your administrator's policy and locked: ${locked.join(", ")}.`}
      </p>
      {invalid.length > 0 && (
        <p class="problem" role="alert">
          Invalid policy {invalid.length === 1 ? "value" : "values"} for{" "}
          {invalid.map((p) => p.key).join(", ")}: the default is used meanwhile (details below).
        </p>
      )}
      {ignored.length > 0 && (
        <p class="problem" role="alert" data-testid="hb-ignored-options">
          Ignored: the {ignored.length === 1 ? "value" : "values"} saved on this page for{" "}
          {ignored.map((p) => p.key).join(", ")}. Only your administrator can set{" "}
          {ignored.length === 1 ? "it" : "them"}, by policy; the build's{" "}
          {ignored.length === 1 ? "default is" : "defaults are"} used.
        </p>
      )}
      <p class="help" data-testid="hb-policy-wrong-type">
        A policy value of the wrong type never reaches HunkBridge: Chrome drops it before the extension can
        read it, and chrome://policy lists that key as "Not set". If a setting your administrator set shows
        "Default", "Build default" or "Saved here", its policy value has the wrong type.
      </p>
    </section>
  );
}
